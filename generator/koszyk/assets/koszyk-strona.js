// The koszyk/ page: the chosen services with notes, order, partners to invite,
// print view, CSV, a share link (service ids only, in the URL fragment) and
// clearing. Current service data comes from koszyk/uslugi.json, fetched whole,
// so no request tells the server which services were chosen.

import { protocolFile } from "./protokol.js";
import { addService, announce, countLabel, clearBasket, emptyNote, loadBasket, localDate, saveBasket, servicesLabel, showNear } from "./koszyk.js";

const page = document.getElementById("koszyk-strona");
const root = page.dataset.root;
const list = document.getElementById("koszyk-lista");
const status = document.getElementById("koszyk-stan");
const NOTE_FIELDS = [
  { key: "termin", label: "Termin", type: "date" },
  { key: "odpowiedzialny", label: "Kto odpowiada (instytucja lub stanowisko)", type: "text" },
  { key: "krok", label: "Uzgodniony krok", type: "textarea" },
];

let services = {};

// An id from storage or from a shared link is untrusted text: "__proto__" or "constructor"
// must not find Object's own members.
function currentOf(id) {
  return Object.hasOwn(services, id) ? services[id] : undefined;
}

// Screen readers hear the page's live region; the eyes find the same words next to `near`.
function say(text, near) {
  status.textContent = text;
  announce("");
  showNear(near, text);
}

const PHONE = /(\+?\d[\d ]{5,}\d)/;

// Text with every phone number as a tel: link (nodes built with textContent, never innerHTML).
function withPhoneLinks(text) {
  return String(text).split(PHONE).filter(Boolean).map((part) => PHONE.test(part)
    ? element("a", { href: `tel:${part.replace(/[^\d+]/g, "")}`, textContent: part })
    : document.createTextNode(part));
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== ""));
  return node;
}

function noteSummary(note) {
  return [note.termin && `termin: ${note.termin}`, note.odpowiedzialny && `odpowiada: ${note.odpowiedzialny}`,
    note.krok && `krok: ${note.krok}`].filter(Boolean).join("; ");
}

function warningFor(item, current) {
  if (!current || !current.wymieniona) {
    return element("p", { className: "koszyk-basket__warning" },
      element("strong", { textContent: "Usługa wycofana. " }),
      "Partner już jej nie prowadzi; omów z zespołem, czym ją zastąpić.");
  }
  if (current.fp !== item.fp) {
    const accept = element("button", { type: "button", className: "md-button", textContent: "Przyjmuję aktualne dane" });
    accept.dataset.action = "accept";
    return element("p", { className: "koszyk-basket__warning" },
      element("strong", { textContent: `Zmieniona od dodania (${item.added}). ` }),
      "Sprawdź aktualne warunki i kontakt poniżej. ", accept);
  }
  return null;
}

function facts(current) {
  const rows = [["Realizator", current.realizator], ["Warunki dostępu", current.warunki], ["Odpłatność", current.koszt],
    ["Zgłoszenie", current.zgloszenie], ["Kontakt", current.kontakt], ["Kontakt wewnętrzny", current.kontakt_wewnetrzny]];
  const dl = element("dl", { className: "koszyk-access" });
  for (const [label, value] of rows) {
    if (!value) continue;
    const dd = label.startsWith("Kontakt") ? element("dd", {}, ...withPhoneLinks(value)) : element("dd", { textContent: value });
    dl.append(element("dt", { textContent: label }), dd);
  }
  return dl;
}

function noteFields(item, index) {
  const fieldset = element("fieldset", { className: "koszyk-basket__note" }, element("legend", { textContent: "Ustalenia zespołu" }));
  for (const field of NOTE_FIELDS) {
    const id = `notatka-${index}-${field.key}`;
    const input = field.type === "textarea"
      ? element("textarea", { id, rows: 2, value: item.note[field.key] || "" })
      : element("input", { id, type: field.type, value: item.note[field.key] || "" });
    input.dataset.note = field.key;
    fieldset.append(element("p", {}, element("label", { htmlFor: id, textContent: field.label }), element("br"), input));
  }
  return fieldset;
}

function itemControls(index, count, name) {
  // the accessible name starts with the visible words, so voice control can say them (WCAG 2.5.3)
  const button = (action, text, disabled = false) => {
    const node = element("button", { type: "button", className: "md-button", textContent: text, disabled });
    node.dataset.action = action;
    node.setAttribute("aria-label", `${text}: ${name}`);
    return node;
  };
  return element("p", { className: "koszyk-basket__controls" },
    button("top", "Na początek", index === 0), " ",
    button("up", "W górę", index === 0), " ",
    button("down", "W dół", index === count - 1), " ",
    button("remove", "Usuń z koszyka indywidualnego"));
}

function renderItem(item, index, count) {
  const current = currentOf(item.id);
  const name = current ? current.nazwa : item.name;
  const heading = element("h3", { id: `usluga-${index}` },
    current ? element("a", { href: root + current.url, textContent: name }) : name);
  const node = element("li", { className: "koszyk-basket__item" }, heading, warningFor(item, current));
  node.dataset.id = item.id;
  if (current) node.append(facts(current));
  node.append(noteFields(item, index), itemControls(index, count, name));
  return node;
}

function renderPartners(basket) {
  const target = document.getElementById("koszyk-partnerzy");
  const partners = new Map();
  for (const item of basket.items) {
    const current = currentOf(item.id);
    if (current && current.wymieniona && !partners.has(current.partner)) partners.set(current.partner, current);
  }
  target.replaceChildren(...[...partners.values()].map((entry) => element("li", {},
    element("a", { href: `${root}partnerzy/${entry.partner}/`, textContent: entry.realizator }),
    ...(entry.kontakt ? [": ", ...withPhoneLinks(entry.kontakt)] : []),
    ...(entry.kontakt_wewnetrzny ? [" (wewnętrznie: ", ...withPhoneLinks(entry.kontakt_wewnetrzny), ")"] : []))));
  if (!partners.size) target.append(element("li", { textContent: "Brak: koszyk jest pusty." }));
}

function printCells(item, index) {
  const current = currentOf(item.id) || { nazwa: item.name, warunki: "usługa wycofana" };
  const terms = [current.warunki, current.koszt && `Odpłatność: ${current.koszt}`].filter(Boolean).join(". ");
  return [String(index + 1), current.nazwa, current.realizator, terms, current.zgloszenie || "", current.kontakt,
    noteSummary(item.note)];
}

function renderPrint(basket) {
  document.getElementById("koszyk-wydruk-data").textContent = localDate();
  const rows = basket.items.map((item, index) =>
    element("tr", {}, ...printCells(item, index).map((text) => element("td", { textContent: text || "" }))));
  document.getElementById("koszyk-wydruk-wiersze").replaceChildren(...rows);
}

function render() {
  const basket = loadBasket();
  document.getElementById("koszyk-pusty").hidden = basket.items.length > 0;
  list.replaceChildren(...basket.items.map((item, index) => renderItem(item, index, basket.items.length)));
  renderPartners(basket);
  renderPrint(basket);
}

// After a move focus stays on the same button of the moved service (or the next usable one).
function focusControl(position, action) {
  const item = list.children[position];
  if (!item) return null;
  const order = [action, "top", "up", "down", "remove"];
  const target = order.map((name) => item.querySelector(`button[data-action="${name}"]:not(:disabled)`)).find(Boolean);
  target?.focus();
  return item.querySelector(".koszyk-basket__controls");
}

function focusHeading(position) {
  const heading = list.children[position]?.querySelector("h3");
  if (!heading) return list;
  heading.tabIndex = -1; // a heading takes focus only when sent there
  heading.focus();
  return heading;
}

function update(change) {
  const basket = loadBasket();
  change(basket);
  saveBasket(basket);
  return basket;
}

list.addEventListener("input", (event) => {
  const key = event.target.dataset.note;
  if (!key) return;
  const index = [...list.children].indexOf(event.target.closest("li"));
  update((basket) => { basket.items[index].note = { ...emptyNote(), ...basket.items[index].note, [key]: event.target.value }; });
  renderPrint(loadBasket());
});

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const index = [...list.children].indexOf(button.closest("li"));
  const action = button.dataset.action;
  let message = "";
  const basket = update((b) => {
    const [item] = b.items.slice(index, index + 1);
    if (action === "remove") { b.items.splice(index, 1); message = `Usunięto: ${item.name}.`; }
    if (action === "accept") { item.fp = services[item.id].fp; item.name = services[item.id].nazwa; message = "Przyjęto aktualne dane usługi."; }
    if (action === "up" || action === "down" || action === "top") {
      const target = { top: 0, up: index - 1, down: index + 1 }[action];
      b.items.splice(index, 1);
      b.items.splice(target, 0, item);
      message = `Przeniesiono „${item.name}” na pozycję ${target + 1}.`;
    }
  });
  render();
  const moved = { top: 0, up: index - 1, down: index + 1 }[action];
  const near = moved === undefined ? focusHeading(Math.min(index, basket.items.length - 1)) : focusControl(moved, action);
  say(message, near);
});

// The rule of generator/koszyk/spreadsheet_text.py (workbooks and open data follow it too, after OWASP's
// "CSV Injection"): text starting with = + - @ TAB or CR gets one leading apostrophe, so a spreadsheet
// never runs it as a formula; text of only a sign, digits, spaces and ( ) . / - (a phone number such as
// +48 12 345 67 89) stays readable, since without letters it cannot call a function or DDE.
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-][0-9][0-9 ()./-]*$/;

function csvCell(value) {
  let text = String(value ?? "");
  if (FORMULA_START.test(text) && !NUMBER_LIKE.test(text)) text = `'${text}`;
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

document.getElementById("koszyk-csv").addEventListener("click", () => {
  const basket = loadBasket();
  const header = ["Lp.", "Usługa", "Realizator", "Warunki dostępu", "Odpłatność", "Jak się zgłosić", "Kontakt",
    "Termin", "Kto odpowiada", "Uzgodniony krok"];
  const rows = basket.items.map((item, index) => {
    const current = currentOf(item.id) || { nazwa: item.name };
    return [index + 1, current.nazwa, current.realizator, current.warunki, current.koszt, current.zgloszenie,
      current.kontakt, item.note.termin, item.note.odpowiedzialny, item.note.krok];
  });
  const text = "\ufeff" + [header, ...rows].map((row) => row.map(csvCell).join(";")).join("\r\n") + "\r\n";
  const link = element("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })),
    download: `koszyk-indywidualny-${localDate()}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  say(`Pobrano plik CSV (${servicesLabel(basket.items.length)}).`, document.getElementById("koszyk-csv"));
});

let protocolTemplates = null;

async function downloadProtocol(format) {
  // The same templates for everyone: the request carries nothing about the chosen services.
  if (!protocolTemplates) {
    const response = await fetch(new URL(page.dataset.protocol, location.href));
    if (!response.ok) { say("Nie udało się pobrać wzoru protokołu; spróbuj ponownie."); return; }
    protocolTemplates = await response.json();
  }
  const basket = loadBasket();
  const chosen = basket.items.map((item) => {
    const current = currentOf(item.id) || { nazwa: item.name, realizator: "", warunki: "usługa wycofana", kontakt: "" };
    return { item, current };
  });
  const file = protocolFile(protocolTemplates, format,
    chosen.map(({ current }) => [current.nazwa, current.realizator, current.warunki, current.kontakt]),
    chosen.filter(({ item }) => noteSummary(item.note)).map(({ item, current }) =>
      [current.nazwa, item.note.krok, item.note.odpowiedzialny, item.note.termin]));
  if (!file) { say("Wzór protokołu jest niepełny; zgłoś to pracownikowi ds. sieci."); return; }
  const link = element("a", { href: URL.createObjectURL(file), download: `protokol-zespolu-${localDate()}.${format}` });
  document.body.append(link);
  link.click();
  link.remove();
  say(`Pobrano protokół zespołu (${format.toUpperCase()}) z indywidualnym koszykiem (${servicesLabel(basket.items.length)}).`,
    document.getElementById(`koszyk-protokol-${format}`));
}

for (const format of ["docx", "odt"]) {
  document.getElementById(`koszyk-protokol-${format}`).addEventListener("click", () => downloadProtocol(format));
}

document.getElementById("koszyk-drukuj").addEventListener("click", () => window.print());

document.getElementById("koszyk-udostepnij").addEventListener("click", () => {
  const ids = loadBasket().items.map((item) => item.id);
  const field = document.getElementById("koszyk-link");
  field.value = `${location.origin}${location.pathname}#uslugi=${ids.map(encodeURIComponent).join(",")}`;
  document.getElementById("koszyk-link-akapit").hidden = false;
  field.focus();
  field.select();
  say("Link gotowy: skopiuj go przyciskiem „Kopiuj link” i wyślij współpracownikowi. Notatki nie są w nim zapisane.",
    document.getElementById("koszyk-kopiuj"));
});

document.getElementById("koszyk-kopiuj").addEventListener("click", async (event) => {
  const button = event.currentTarget; // gone from the event once it has been dispatched
  const field = document.getElementById("koszyk-link");
  let copied = false;
  try {
    await navigator.clipboard.writeText(field.value);
    copied = true;
  } catch (error) {
    field.select(); // no clipboard access (e.g. plain http): the old way still works in most browsers
    copied = document.execCommand && document.execCommand("copy");
  }
  say(copied ? "Skopiowano link do schowka." : "Nie udało się skopiować: zaznacz link i naciśnij Ctrl+C.", button);
});

document.getElementById("koszyk-wyczysc").addEventListener("click", () => {
  if (!window.confirm("Usunąć z tej przeglądarki wszystkie wybrane usługi i notatki?")) return;
  clearBasket();
  render();
  say("Koszyk wyczyszczony: na tym urządzeniu nie ma już wybranych usług ani notatek.",
    document.getElementById("koszyk-wyczysc"));
});

function decodedOrAsTyped(part) {
  try {
    return decodeURIComponent(part);
  } catch (error) {
    return part; // a broken escape (e.g. "%E0%A4%A"): no service has such an id, so it counts as unknown
  }
}

function sharedIds() {
  const match = location.hash.match(/^#uslugi=(.*)$/);
  if (!match) return [];
  return [...new Set(match[1].split(",").map(decodedOrAsTyped).filter(Boolean))];
}

function sharedDescription(known, unknown) {
  const skipped = unknown
    ? ` Pominięto ${countLabel(unknown, "nieznany identyfikator", "nieznane identyfikatory", "nieznanych identyfikatorów")}`
      + " (takiej usługi nie ma już w koszyku usług)."
    : "";
  if (!known.length) return `Link nie zawiera żadnej usługi, którą można dodać.${skipped}`;
  return `Link zawiera ${countLabel(known.length, "usługę", "usługi", "usług")}: ${known.map((id) => services[id].nazwa).join(", ")}.${skipped}`;
}

/** Replacing drops the services and notes on this device: asked first when there are any. */
function replaceConfirmed() {
  const count = loadBasket().items.length;
  return !count || window.confirm(`Zastąpić ${countLabel(count, "usługę", "usługi", "usług")} w Twoim koszyku (razem z notatkami) listą z linku?`);
}

function offerShared(ids) {
  const box = document.getElementById("koszyk-wspolny");
  const known = ids.filter((id) => currentOf(id));
  document.getElementById("koszyk-wspolny-opis").textContent = sharedDescription(known, ids.length - known.length);
  for (const button of box.querySelectorAll("button[data-shared=replace], button[data-shared=merge]")) {
    button.hidden = !known.length;
  }
  box.querySelector("button[data-shared=dismiss]").textContent =
    known.length ? "Zostaw mój koszyk bez zmian" : "Zamknij";
  box.hidden = false;
  box.addEventListener("click", (event) => {
    const choice = event.target.closest("button[data-shared]")?.dataset.shared;
    if (!choice || (choice === "replace" && !replaceConfirmed())) return;
    if (choice !== "dismiss") {
      update((basket) => {
        if (choice === "replace") basket.items = [];
        for (const id of known) addService(basket, { id, name: services[id].nazwa, fp: services[id].fp });
      });
    }
    box.hidden = true;
    history.replaceState(null, "", location.pathname);
    render();
    say(choice === "dismiss" ? "Twój koszyk został bez zmian." : `W koszyku: ${servicesLabel(loadBasket().items.length)}.`,
      document.getElementById("wybrane-uslugi"));
  });
}

async function start() {
  for (const part of page.querySelectorAll("[data-needs-js]")) part.hidden = false;
  const response = await fetch(new URL(page.dataset.data, location.href));
  services = response.ok ? await response.json() : {};
  render();
  const shared = sharedIds();
  if (shared.length) offerShared(shared);
  const count = loadBasket().items.length;
  say(count ? `W koszyku: ${servicesLabel(count)}.` : "");
  document.body.dataset.basketReady = "true";
}

document.addEventListener("koszyk:zmiana", () => {
  if (document.body.dataset.basketReady && !list.contains(document.activeElement)) render();
});
start();
