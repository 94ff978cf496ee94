// A partner's intranet page: its yearly-review workbook (tool 7, XLSX), the same card as a
// document to read (tool 7, ODT or DOCX) and its declaration of joining (tool 8, DOCX or
// ODT), made in this browser. The values come from the page (script#karta-wiersze, built
// by koszyk.tools.partner_files: the workbook's rows from the workbook's own column
// definitions, the declaration's texts from the public data); the templates are
// partnerzy/wzory-dokumentow.json, the same for every partner. The card's view is filled
// from the workbook's cells by the rows koszyk.tools.card_view declares (view_rows). Text
// goes in through textContent (inline-string cells, text nodes), so no card text becomes
// markup or a formula; characters XML cannot hold become U+FFFD.

import { writeCellValue } from "./formularz-arkusz.js";
import { fillRows, filledZip } from "./protokol.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
// as koszyk.tools.card_view.NOT_IN_XML (a lone surrogate is one in a JavaScript string)
const NOT_IN_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const tools = document.querySelector(".koszyk-partner-tools");
const status = document.getElementById("karta-stan");
const values = JSON.parse(document.getElementById("karta-wiersze").textContent);
let templates = null;

function columnName(index) {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function addRows(xml, rows) {
  const data = xml.getElementsByTagNameNS(MAIN, "sheetData")[0];
  if (!data) return false;
  rows.forEach((cells, offset) => {
    const number = offset + 2;
    const row = xml.createElementNS(MAIN, "row");
    row.setAttribute("r", String(number));
    cells.forEach((value, index) => {
      if (value === null || value === undefined || value === "") return;
      const cell = xml.createElementNS(MAIN, "c");
      cell.setAttribute("r", `${columnName(index)}${number}`);
      writeCellValue(xml, cell, value);
      row.append(cell);
    });
    data.append(row);
  });
  const filter = xml.getElementsByTagNameNS(MAIN, "autoFilter")[0];
  if (filter) filter.setAttribute("ref", filter.getAttribute("ref").replace(/\d+$/, String(rows.length + 1)));
  return true;
}

// A cell as the document's text, as koszyk.tools.card_view.view_text.
function viewText(value) {
  if (value === null || value === undefined) return "";
  return String(value).replace(/\r\n?/g, "\n").replace(NOT_IN_XML, "\ufffd").replace(/^[ \n\t]+|[ \n\t]+$/g, "");
}

// A view row's value from a workbook row's cells, as koszyk.tools.card_view.view_value.
function viewValue([, groups, fallback], cells) {
  const parts = groups.map((group) => group.map((index) => viewText(cells[index])).filter(Boolean).join(": "));
  return parts.filter(Boolean).join("; ") || fallback;
}

// ``node`` (a text node holding a marker) becomes ``text``, its line breaks as the format's breaks.
function writeText(node, text, format) {
  const [first, ...rest] = text.split("\n");
  const xml = node.ownerDocument;
  node.nodeValue = first;
  let after = node;
  if (format === "docx") {
    after = node.parentNode; // w:t
    after.setAttributeNS(XML_NS, "xml:space", "preserve");
  }
  for (const line of rest) {
    const next = format === "docx" ? xml.createElementNS(WORD, "w:t") : xml.createTextNode(line);
    if (format === "docx") {
      next.setAttributeNS(XML_NS, "xml:space", "preserve");
      next.textContent = line;
    }
    after.after(xml.createElementNS(...(format === "docx" ? [WORD, "w:br"] : [ODF_TEXT, "text:line-break"])), next);
    after = next;
  }
  const cell = node.parentNode.parentNode; // an ODF string cell repeats its text in office:string-value
  if (format === "odt" && cell && cell.nodeType === Node.ELEMENT_NODE && cell.hasAttributeNS(OFFICE, "string-value")) cell.setAttributeNS(OFFICE, "office:string-value", text);
}

// Each text node under ``root`` that is exactly a marker of ``texts`` gets its text; how many did.
function replaceMarkers(root, texts, format) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (Object.hasOwn(texts, node.nodeValue)) found.push(node);
  }
  for (const node of found) writeText(node, texts[node.nodeValue], format);
  return found.length;
}

// Tool 7's view: the partner's rows, then the marked service section (heading and table) once per service.
function fillView(xml, format, all) {
  const texts = (letter, rows, cells) => Object.fromEntries(rows.map((row, number) =>
    [`[[${letter}:${number}]]`, viewValue(row, cells) || all.blank]));
  const [namespace, name] = format === "odt" ? [ODF_TEXT, "h"] : [WORD, "p"];
  const heading = [...xml.getElementsByTagNameNS(namespace, name)].find((element) => element.textContent === all.view_section);
  const table = heading && heading.nextElementSibling;
  if (!table || !replaceMarkers(xml.documentElement, texts("p", all.view_rows.partner, values.rows.partner), format)) return false;
  for (const cells of values.rows.services.filter((row) => row.some((cell) => cell !== null && cell !== ""))) {
    for (const part of [heading, table]) {
      const copy = part.cloneNode(true);
      heading.before(copy);
      replaceMarkers(copy, texts("u", all.view_rows.service, cells), format);
    }
  }
  heading.remove();
  table.remove();
  if (format === "odt") { // table names stay unique, numbered in order as koszyk.tools.odt names them
    [...xml.getElementsByTagNameNS(ODF_TABLE, "table")].forEach((element, index) =>
      element.setAttributeNS(ODF_TABLE, "table:name", `Tabela${index + 1}`));
  }
  return true;
}

// Every marker (and the partner's role box) replaced in text nodes and in ODF cells' string values.
function replaceTexts(xml, replacements) {
  const walker = xml.createTreeWalker(xml.documentElement, NodeFilter.SHOW_TEXT);
  let found = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const [marker, text] of Object.entries(replacements)) {
      if (node.nodeValue.includes(marker)) {
        node.nodeValue = node.nodeValue.split(marker).join(text);
        found = true;
      }
    }
  }
  for (const element of xml.getElementsByTagName("*")) {
    const value = element.getAttributeNS(OFFICE, "string-value");
    if (value === null) continue;
    let replaced = value;
    for (const [marker, text] of Object.entries(replacements)) replaced = replaced.split(marker).join(text);
    if (replaced !== value) element.setAttributeNS(OFFICE, "office:string-value", replaced);
  }
  return found;
}

function offer(file, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(file);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  status.textContent = `Pobrano: ${name}.`;
}

async function loadTemplates() {
  if (templates) return templates;
  const response = await fetch(new URL(tools.dataset.templates, location.href));
  if (!response.ok) throw new Error("templates");
  templates = await response.json();
  return templates;
}

async function download(make, name) {
  try {
    const file = make(await loadTemplates());
    if (file) offer(file, name);
    else status.textContent = "Wzór dokumentu jest niepełny; zgłoś to pracownikowi ds. sieci.";
  } catch (error) {
    status.textContent = "Nie udało się pobrać wzoru dokumentu; spróbuj ponownie.";
  }
}

const declarationTexts = Object.fromEntries(Object.entries(values.declaration.replace)
  .map(([marker, text]) => [marker, viewText(text)]));
const buttons = {
  // two parts: the hidden Metadane sheet gets the card's name and fingerprint, the basket sheet its rows
  "karta-do-przegladu": () => download((all) => filledZip(all.xlsx, (xml) => replaceTexts(xml,
    { [all.card_marks.card]: values.file, [all.card_marks.fingerprint]: values.fingerprint })
    || addRows(xml, values.rows.services.map((cells) => values.rows.partner.concat(cells)))),
    `${values.file}.xlsx`),
  ...Object.fromEntries(["odt", "docx"].map((format) => [`karta-${format}`, () => download((all) =>
    filledZip(all.view[format], (xml) => fillView(xml, format, all)), `${values.file}.${format}`)])),
  ...Object.fromEntries(["docx", "odt"].map((format) => [`deklaracja-${format}`, () => download((all) =>
    filledZip(all.declaration[format], (xml) => replaceTexts(xml, declarationTexts)
      && fillRows(xml, format, ["[[usluga]]"], values.declaration.services.map((name) => [viewText(name)]))),
  `deklaracja-${values.file}.${format}`)])),
};
for (const [id, action] of Object.entries(buttons)) {
  const button = document.getElementById(id);
  button.hidden = false;
  button.addEventListener("click", action);
}
