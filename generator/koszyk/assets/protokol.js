// Tool 19, the task-team protocol, as a real .odt or .docx made in this browser, and the
// zip packing that partner-karta.js uses for a partner's review workbook too.
//
// koszyk/protokol-zzk.json (the same file for everyone, built by koszyk.tools.protocol)
// holds each format's zip parts: one as text with marked table rows, the others as
// their compressed bytes with CRC-32 and size. The marked rows are copied for each
// chosen service (text goes in through textContent, so the XML serializer escapes
// whatever a card contains), and the parts are packed into a zip again: the filled
// part stored with its CRC-32, the others copied as they came. Nothing is sent.

const NS = {
  odt: { row: ["urn:oasis:names:tc:opendocument:xmlns:table:1.0", "table-row"],
    text: ["urn:oasis:names:tc:opendocument:xmlns:text:1.0", "p"] },
  docx: { row: ["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "tr"],
    text: ["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "t"] },
};
const OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

// Copies the template row marked with ``markers`` once per entry of ``values`` (lists of cell texts).
export function fillRows(xml, format, markers, values) {
  const names = NS[format];
  const row = [...xml.getElementsByTagNameNS(...names.row)].find((candidate) => candidate.textContent.includes(markers[0]));
  if (!row) return false;
  for (const cells of values.length ? values : [markers.map(() => "")]) {
    const copy = row.cloneNode(true);
    for (const text of copy.getElementsByTagNameNS(...names.text)) {
      const index = markers.indexOf(text.textContent.trim());
      if (index < 0) continue;
      text.textContent = cells[index] || "";
      const cell = text.parentNode; // an ODF string cell repeats its text in office:string-value
      if (format === "odt" && cell.hasAttributeNS(OFFICE, "string-value")) {
        cell.setAttributeNS(OFFICE, "office:string-value", text.textContent);
      }
    }
    row.parentNode.insertBefore(copy, row);
  }
  row.remove();
  return true;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A zip archive of ``entries`` ({name, method, crc, size, data}); data are the bytes as
// stored in the archive (compressed for method 8). Dates are 1980-01-01: nothing about
// when or where the file was made.
function zip(entries, type) {
  const encoder = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // names in UTF-8
    local.setUint16(8, entry.method, true);
    local.setUint16(12, 0x21, true);
    local.setUint32(14, entry.crc, true);
    local.setUint32(18, entry.data.length, true);
    local.setUint32(22, entry.size, true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, entry.data);
    const record = new DataView(new ArrayBuffer(46));
    record.setUint32(0, 0x02014b50, true);
    record.setUint16(4, 20, true);
    record.setUint16(6, 20, true);
    record.setUint16(8, 0x0800, true);
    record.setUint16(10, entry.method, true);
    record.setUint16(14, 0x21, true);
    record.setUint32(16, entry.crc, true);
    record.setUint32(20, entry.data.length, true);
    record.setUint32(24, entry.size, true);
    record.setUint16(28, name.length, true);
    record.setUint32(42, offset, true);
    central.push(new Uint8Array(record.buffer), name);
    offset += 30 + name.length + entry.data.length;
  }
  const size = central.reduce((total, chunk) => total + chunk.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...chunks, ...central, new Uint8Array(end.buffer)], { type });
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// A zip Blob from a template (see koszyk.tools.browser_files): ``fill`` changes the parsed
// text part in place and returns false when the template lacks what it needs (then null).
export function filledZip(template, fill) {
  const entries = [];
  for (const part of template.parts) {
    if (part.text === undefined) {
      entries.push({ name: part.name, method: part.method, crc: part.crc, size: part.size, data: fromBase64(part.data) });
      continue;
    }
    const xml = new DOMParser().parseFromString(part.text, "application/xml");
    if (!fill(xml)) return null;
    let text = new XMLSerializer().serializeToString(xml);
    if (!text.startsWith("<?xml")) text = DECLARATION + text;
    const data = new TextEncoder().encode(text);
    entries.push({ name: part.name, method: 0, crc: crc32(data), size: data.length, data });
  }
  return zip(entries, template.type);
}

// The protocol as a Blob, or null when the template lost a marked row.
// ``basketRows`` and ``planRows`` are lists of four cell texts each.
export function protocolFile(templates, format, basketRows, planRows) {
  return filledZip(templates[format], (xml) =>
    fillRows(xml, format, ["[[usluga]]", "[[partner]]", "[[warunki]]", "[[kontakt]]"], basketRows)
      && fillRows(xml, format, ["[[cel]]", "[[dzialanie]]", "[[kto]]", "[[termin]]"], planRows));
}
