// The filled card workbook, made in the browser: the blank template (written at build
// time without compression, koszyk.form_schema.template_workbook) is read part by part,
// its "Partner" and "Usługi" sheets get the card's values in the columns that
// koszyk.excel.columns declares, and the parts are zipped again (stored, with CRC32).

import {readStoredZip, storedZip} from "./zip.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A number as a number; anything else as an inline string (text stays text: "=…" never
 * becomes a formula). Shared with partner-karta.js, which fills the review workbook. */
export function writeCellValue(doc, cell, value) {
  if (typeof value === "number") {
    cell.removeAttribute("t");
    const v = doc.createElementNS(MAIN, "v");
    v.textContent = String(value);
    cell.appendChild(v);
    return;
  }
  cell.setAttribute("t", "inlineStr");
  const inline = doc.createElementNS(MAIN, "is");
  const t = doc.createElementNS(MAIN, "t");
  t.setAttributeNS(XML_NS, "xml:space", "preserve");
  // as typed: a reader takes "_x000D_" for OOXML's escape of a character, "_x005F_" is the underscore's
  t.textContent = String(value).replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1");
  inline.appendChild(t);
  cell.appendChild(inline);
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
  writeCellValue(doc, cell, value);
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
  return storedZip(parts, XLSX_TYPE);
}
