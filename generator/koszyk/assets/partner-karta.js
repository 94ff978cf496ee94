// A partner's intranet page: its yearly-review workbook (tool 7, XLSX) and its declaration
// of joining (tool 8, DOCX or ODT), made in this browser. The values come from the page
// (script#karta-wiersze, built by koszyk.tools.partner_files: the workbook's rows from the
// workbook's own column definitions, the declaration's texts from the public data); the
// templates are partnerzy/wzory-dokumentow.json, the same for every partner. Text goes in
// through textContent (inline-string cells, text nodes), so no card text becomes markup
// or a formula.

import { writeCellValue } from "./formularz-arkusz.js";
import { fillRows, filledZip } from "./protokol.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
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

const buttons = {
  "karta-do-przegladu": () => download((all) => filledZip(all.xlsx, (xml) => addRows(xml,
    values.rows.services.map((cells) => values.rows.partner.concat(cells)))),
    `${values.file}.xlsx`),
  ...Object.fromEntries(["docx", "odt"].map((format) => [`deklaracja-${format}`, () => download((all) =>
    filledZip(all.declaration[format], (xml) => replaceTexts(xml, values.declaration.replace)
      && fillRows(xml, format, ["[[usluga]]"], values.declaration.services.map((name) => [name]))),
  `deklaracja-${values.file}.${format}`)])),
};
for (const [id, action] of Object.entries(buttons)) {
  const button = document.getElementById(id);
  button.hidden = false;
  button.addEventListener("click", action);
}
