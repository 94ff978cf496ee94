// Tool 19, the task-team protocol, as a real .odt or .docx made in this browser, and the
// zip packing that partner-karta.js uses for a partner's review workbook too.
//
// koszyk/protokol-zzk.json (the same file for everyone, built by koszyk.tools.protocol)
// holds each format's zip parts: one as text with marked table rows, the others as
// their compressed bytes with CRC-32 and size. The marked rows are copied for each
// chosen service (text goes in through textContent, so the XML serializer escapes
// whatever a card contains), and the parts are packed into a zip again: the filled
// part stored with its CRC-32, the others copied as they came. Nothing is sent.

import { crc32, zipArchive } from "./zip.js";

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
  return zipArchive(entries, template.type);
}

// The protocol as a Blob, or null when the template lost a marked row.
// ``basketRows`` and ``planRows`` are lists of four cell texts each.
export function protocolFile(templates, format, basketRows, planRows) {
  return filledZip(templates[format], (xml) =>
    fillRows(xml, format, ["[[usluga]]", "[[partner]]", "[[warunki]]", "[[kontakt]]"], basketRows)
      && fillRows(xml, format, ["[[cel]]", "[[dzialanie]]", "[[kto]]", "[[termin]]"], planRows));
}
