// The filled card workbook, made in the browser: the blank template (written at build
// time without compression, koszyk.form_schema.template_workbook) is read part by part,
// its "Partner" and "Usługi" sheets get the card's values in the columns that
// koszyk.excel.columns declares, and the parts are zipped again (stored, with CRC32).

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The parts of a zip whose entries are stored (not compressed), in order. */
export function readStoredZip(buffer) {
  const view = new DataView(buffer);
  let end = buffer.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("wzór arkusza jest uszkodzony");
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const parts = [];
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(offset + 10, true);
    const size = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extra = view.getUint16(offset + 30, true);
    const comment = view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    const name = decoder.decode(new Uint8Array(buffer, offset + 46, nameLength));
    if (method !== 0) throw new Error("wzór arkusza jest skompresowany");
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    parts.push({name, data: new Uint8Array(buffer.slice(start, start + size))});
    offset += 46 + nameLength + extra + comment;
  }
  return parts;
}

export function writeStoredZip(parts) {
  const encoder = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const part of parts) {
    const name = encoder.encode(part.name);
    const crc = crc32(part.data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);  // names in UTF-8
    local.setUint16(12, 0x21, true);  // 1980-01-01
    local.setUint32(14, crc, true);
    local.setUint32(18, part.data.length, true);
    local.setUint32(22, part.data.length, true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, part.data);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x0800, true);
    entry.setUint16(14, 0x21, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, part.data.length, true);
    entry.setUint32(24, part.data.length, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(42, offset, true);
    central.push(new Uint8Array(entry.buffer), name);
    offset += 30 + name.length + part.data.length;
  }
  const centralSize = central.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, parts.length, true);
  end.setUint16(10, parts.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...chunks, ...central, new Uint8Array(end.buffer)], {type: XLSX_TYPE});
}

function getPath(data, path) {
  let current = data;
  for (const step of path) {
    if (current === null || current === undefined) return undefined;
    current = current[step];
  }
  return current;
}

/** What a cell shows for a value, like koszyk.excel.cells.to_cell: labels, "; " lists, tak/nie. */
export function cellValue(column, data, schema) {
  const value = getPath(data, column.path);
  const book = schema.workbook;
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return undefined;
  const label = (vocabulary, key) => {
    const term = schema.vocabularies[vocabulary].terms.find((t) => t.key === key);
    return term ? term.label : key;
  };
  if (column.vocabulary) return label(column.vocabulary, value);
  if (column.many) return value.map((key) => label(column.many, key)).join(book.separator);
  if (column.kind === "bool") return value ? book.yes : book.no;
  if (column.kind === "list") return value.join(book.separator);
  return value;
}

function columnLetter(number) {
  let letters = "";
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function columnNumber(ref) {
  let number = 0;
  for (const char of ref.replace(/\d+$/, "")) number = number * 26 + char.charCodeAt(0) - 64;
  return number;
}

function setCell(doc, row, column, value) {
  const sheetData = doc.getElementsByTagNameNS(MAIN, "sheetData")[0];
  let rowElement = Array.from(sheetData.children).find((r) => Number(r.getAttribute("r")) === row);
  if (!rowElement) {
    rowElement = doc.createElementNS(MAIN, "row");
    rowElement.setAttribute("r", String(row));
    const next = Array.from(sheetData.children).find((r) => Number(r.getAttribute("r")) > row);
    sheetData.insertBefore(rowElement, next || null);
  }
  const ref = columnLetter(column) + row;
  let cell = Array.from(rowElement.children).find((c) => c.getAttribute("r") === ref);
  if (!cell) {
    cell = doc.createElementNS(MAIN, "c");
    cell.setAttribute("r", ref);
    const next = Array.from(rowElement.children).find((c) => columnNumber(c.getAttribute("r")) > column);
    rowElement.insertBefore(cell, next || null);
  }
  while (cell.firstChild) cell.removeChild(cell.firstChild);
  if (typeof value === "number") {
    cell.removeAttribute("t");
    const v = doc.createElementNS(MAIN, "v");
    v.textContent = String(value);
    cell.appendChild(v);
  } else {
    cell.setAttribute("t", "inlineStr");  // text stays text: "=…" never becomes a formula
    const inline = doc.createElementNS(MAIN, "is");
    const t = doc.createElementNS(MAIN, "t");
    t.setAttributeNS(XML_NS, "xml:space", "preserve");
    t.textContent = String(value);
    inline.appendChild(t);
    cell.appendChild(inline);
  }
}

function sheetParts(parts) {
  const text = (name) => new TextDecoder().decode(parts.find((p) => p.name === name).data);
  const parser = new DOMParser();
  const workbook = parser.parseFromString(text("xl/workbook.xml"), "application/xml");
  const rels = parser.parseFromString(text("xl/_rels/workbook.xml.rels"), "application/xml");
  const targets = {};
  for (const rel of rels.getElementsByTagName("Relationship")) targets[rel.getAttribute("Id")] = rel.getAttribute("Target");
  const sheets = {};
  for (const sheet of workbook.getElementsByTagNameNS(MAIN, "sheet")) {
    const target = targets[sheet.getAttributeNS(REL, "id")];
    sheets[sheet.getAttribute("name")] = target.startsWith("/") ? target.slice(1) : "xl/" + target;
  }
  return sheets;
}

/** Defaults written out, so a sheet never leaves a cell empty that means something (e.g. "Członek PZK"). */
function withDefaults(data, record) {
  const filled = {...data};
  for (const field of record.fields) {
    if (filled[field.key] === undefined && field.default !== null && !Array.isArray(field.default)) filled[field.key] = field.default;
  }
  return filled;
}

/** The filled workbook for ``card`` (``slug`` goes to "Plik karty"), from the template's bytes. */
export function filledWorkbook(templateBuffer, card, slug, schema) {
  const book = schema.workbook;
  const parts = readStoredZip(templateBuffer);
  const sheets = sheetParts(parts);
  const parser = new DOMParser();
  const edit = (sheetName, fillSheet) => {
    const part = parts.find((p) => p.name === sheets[sheetName]);
    const doc = parser.parseFromString(new TextDecoder().decode(part.data), "application/xml");
    fillSheet(doc);
    part.data = new TextEncoder().encode(new XMLSerializer().serializeToString(doc));
  };
  const fields = (key) => schema.card.fields.find((f) => f.key === key).value;
  const partner = {...withDefaults(card.partner, fields("partner")), _slug: slug};
  edit(book.partnerSheet, (doc) => book.partnerColumns.forEach((column, index) => {
    const value = cellValue(column, partner, schema);
    if (value !== undefined) setCell(doc, book.partnerFirstRow + index, 2, value);
  }));
  const serviceRecord = fields("uslugi").item;
  edit(book.servicesSheet, (doc) => (card.uslugi || []).map((s) => withDefaults(s, serviceRecord)).forEach((service, row) => {
    book.serviceColumns.forEach((column, index) => {
      const value = cellValue(column, service, schema);
      if (value !== undefined) setCell(doc, row + 2, index + 1, value);
    });
  }));
  return writeStoredZip(parts);
}
