// A partner's intranet page: "Pobierz kartę do przeglądu (XLSX)", the yearly-review workbook
// (tool 7) with this partner's data, made in this browser. The rows come from the page
// (script#karta-wiersze, built by koszyk.tools.partner_files from the workbook's column
// definitions); the empty workbook is partnerzy/karta-do-przegladu.json, the same for every
// partner. Cells are inline strings set through textContent, so no card text becomes markup
// or a formula.

import { filledZip } from "./protokol.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const button = document.getElementById("karta-do-przegladu");
const status = document.getElementById("karta-stan");

function columnName(index) {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function addRows(xml, rows) {
  const data = xml.getElementsByTagNameNS(MAIN, "sheetData")[0];
  if (!data) return false;
  rows.forEach((values, offset) => {
    const number = offset + 2;
    const row = xml.createElementNS(MAIN, "row");
    row.setAttribute("r", String(number));
    values.forEach((value, index) => {
      if (value === null || value === "") return;
      const cell = xml.createElementNS(MAIN, "c");
      cell.setAttribute("r", `${columnName(index)}${number}`);
      if (typeof value === "number") {
        const v = xml.createElementNS(MAIN, "v");
        v.textContent = String(value);
        cell.append(v);
      } else {
        cell.setAttribute("t", "inlineStr");
        const inline = xml.createElementNS(MAIN, "is");
        const text = xml.createElementNS(MAIN, "t");
        text.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
        text.textContent = String(value);
        inline.append(text);
        cell.append(inline);
      }
      row.append(cell);
    });
    data.append(row);
  });
  const filter = xml.getElementsByTagNameNS(MAIN, "autoFilter")[0];
  if (filter) filter.setAttribute("ref", filter.getAttribute("ref").replace(/\d+$/, String(rows.length + 1)));
  return true;
}

button.hidden = false;
button.addEventListener("click", async () => {
  const page = JSON.parse(document.getElementById("karta-wiersze").textContent);
  const response = await fetch(new URL(button.dataset.template, location.href));
  if (!response.ok) { status.textContent = "Nie udało się pobrać wzoru arkusza; spróbuj ponownie."; return; }
  const template = (await response.json()).xlsx;
  const file = filledZip(template, (xml) => addRows(xml, page.rows));
  if (!file) { status.textContent = "Wzór arkusza jest niepełny; zgłoś to pracownikowi ds. sieci."; return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(file);
  link.download = `${page.file}.xlsx`;
  document.body.append(link);
  link.click();
  link.remove();
  status.textContent = `Pobrano kartę do przeglądu: ${page.file}.xlsx.`;
});
