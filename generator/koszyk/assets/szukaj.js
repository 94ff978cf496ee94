// The search page (szukaj/): queries of the static index (szukaj-indeks.js), driven by the URL.
//
// State lives in the URL only (?q=…&obszar=…&wiek=…), so a search can be shared,
// bookmarked and walked back with the browser's Back button. The index holds
// folded text (see generator/koszyk/search/text.py); fold() below folds the query the
// same way, "ł" included.

import { openIndex } from "./szukaj-indeks.js";

// Results come ten at a time: each shown result fetches its document file (16 services
// a file, in name order, so a page's results sit in different files). At 30,000 services
// twenty of them took a typed query's p95 to ~175 ms (bench.search_bench); ten halve
// the requests. "Pokaż więcej" adds the next ten.
const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 200;
const searchRoot = document.querySelector(".koszyk-search");
const root = searchRoot.dataset.root;
const settings = JSON.parse(document.getElementById("szukaj-ustawienia").textContent);
const form = document.getElementById("szukaj-formularz");
const queryInput = document.getElementById("szukaj-q");
const ageInput = document.getElementById("szukaj-wiek");
const statusLine = document.getElementById("szukaj-stan");
const suggestions = document.getElementById("szukaj-sugestie");
const list = document.getElementById("szukaj-lista");
const moreButton = document.getElementById("szukaj-wiecej");
const correctionLine = document.getElementById("szukaj-poprawka");
const ageNote = document.getElementById("szukaj-wiek-uwaga");
const ageError = document.getElementById("szukaj-wiek-blad");
const filtersToggle = document.getElementById("szukaj-filtry-przelacz");
const showResults = document.getElementById("szukaj-pokaz-wyniki");
const facetParams = Object.keys(settings.facets);

export function fold(text) {
  return text.toLowerCase().replace(/ł/g, "l").replace(/ß/g, "ss")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function plural(count, one, few, many) {
  if (count === 1) return `${count} ${one}`;
  const tens = count % 100;
  if ([2, 3, 4].includes(count % 10) && ![12, 13, 14].includes(tens)) return `${count} ${few}`;
  return `${count} ${many}`;
}
const servicesLabel = (count) => plural(count, "usługa", "usługi", "usług");

// ---- state <-> URL ----

/** An age from the URL as the age box accepts it (whole years 0–120), or "" (no age). */
function ageParam(value) {
  const text = (value || "").trim();
  return /^\d{1,3}$/.test(text) && Number(text) <= 120 ? String(Number(text)) : "";
}

/** Direction marks and overrides are no search words, and echoed back they turned the
 * "Pokazujemy wyniki dla" line around: each becomes a space (it may stand between two
 * words). A query is cut at the search boxes' maxlength. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_QUERY = 200;

function queryParam(value) {
  return (value || "").replace(BIDI_CONTROLS, " ").slice(0, MAX_QUERY);
}

/** An age the box cannot use ("-3", "1.5", "abc") is said under the box, not silently ignored. */
function checkAge() {
  const wrong = (ageInput.value.trim() !== "" || ageInput.validity.badInput) && ageParam(ageInput.value) === "";
  ageError.hidden = !wrong;
  ageInput.setAttribute("aria-invalid", String(wrong));
}

function readState(search) {
  const params = new URLSearchParams(search);
  const state = { q: queryParam(params.get("q")), wiek: ageParam(params.get("wiek")), exact: params.get("dokladnie") === "1", facets: {} };
  for (const param of facetParams) {
    const known = settings.facets[param].labels;
    state.facets[param] = params.getAll(param).filter((key) => Object.hasOwn(known, key)); // "constructor" is no facet value
  }
  return state;
}

function stateToSearch(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q.trim());
  for (const param of facetParams) for (const key of state.facets[param]) params.append(param, key);
  if (ageParam(state.wiek) !== "") params.set("wiek", ageParam(state.wiek)); // "-3" as typed stays in the box, not in the URL
  if (state.exact && state.q.trim()) params.set("dokladnie", "1");
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

function stateFromForm() {
  const state = { q: queryParam(queryInput.value), wiek: ageInput.value.trim(), exact: false, facets: {} };
  for (const param of facetParams) {
    state.facets[param] = [...form.querySelectorAll(`input[name="${param}"]:checked`)].map((box) => box.value);
  }
  return state;
}

function showState(state) {
  queryInput.value = state.q;
  if (ageParam(ageInput.value) !== state.wiek || document.activeElement !== ageInput) ageInput.value = state.wiek;
  checkAge();
  for (const param of facetParams) {
    for (const box of form.querySelectorAll(`input[name="${param}"]`)) {
      box.checked = state.facets[param].includes(box.value);
    }
  }
  const chosen = facetParams.reduce((sum, param) => sum + state.facets[param].length, 0) + (ageParam(state.wiek) ? 1 : 0);
  // folded on a phone, the button is all that shows the filters: it says how many are on
  filtersToggle.textContent = chosen ? `Filtry (wybrane: ${chosen})` : "Filtry";
}

// ---- the index ----

let index; // one promise, shared by searches that start before the index has arrived
function engine() {
  index = index || openIndex(new URL(`${root}szukaj/indeks/`, document.baseURI));
  return index;
}

function queryOf(state) {
  const age = ageParam(state.wiek) ? Math.min(Number(state.wiek), 254) : null;
  return { text: fold(state.q), facets: state.facets, age, correct: !state.exact };
}

function isEmpty(query, idx) {
  return !idx.termsOf(query.text).length && query.age === null && !Object.values(query.facets).some((values) => values.length);
}

async function run(state) {
  const idx = await engine();
  const query = queryOf(state);
  if (isEmpty(query, idx)) return { empty: true, counts: idx.totals() };
  const found = await idx.search(query);
  const fixes = new Map(found.corrections.map(({ word, corrected }) => [word, corrected]));
  const term = idx.termsOf(query.text).map((word) => fixes.get(word) || word).join(" ");
  return { found, counts: found.counts, term, query };
}

// ---- rendering ----

function highlight(text, term) {
  const fragment = document.createDocumentFragment();
  const prefixes = (term || "").split(/\s+/).filter((w) => w.length > 2)
    .map((w) => w.slice(0, Math.max(3, w.length - 2)));
  for (const piece of text.split(/(\s+)/)) {
    const word = fold(piece).replace(/^\W+/, "");
    if (prefixes.some((p) => word.startsWith(p))) {
      const mark = document.createElement("mark");
      mark.textContent = piece;
      fragment.append(mark);
    } else {
      fragment.append(piece);
    }
  }
  return fragment;
}

function resultItem(meta, term) {
  const item = document.createElement("li");
  item.className = "koszyk-search__item";
  item.dataset.service = meta.id;
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = root + meta.url;
  link.textContent = meta.title;
  heading.append(link);
  const facts = document.createElement("p");
  facts.className = "koszyk-search__facts";
  const parts = [meta.partner, meta.gmina || "", settings.modes[meta.dostep] ? `dostęp: ${settings.modes[meta.dostep].toLowerCase()}` : ""];
  if (meta.koszt) parts.push(meta.koszt.toLowerCase());
  if (meta.wiek) parts.push(`wiek ${meta.wiek}`);
  if (meta.status && meta.status !== "oferowana") parts.push(settings.statuses[meta.status] || meta.status);
  facts.textContent = parts.filter(Boolean).join(" · ");
  item.append(heading, facts);
  if (meta.opis) {
    const snippet = document.createElement("p");
    snippet.append(highlight(meta.opis, term));
    item.append(snippet);
  }
  item.koszykDetail = { item, meta, url: link.href };
  return item;
}

function showCounts(counts) {
  for (const fieldset of form.querySelectorAll("fieldset[data-facet]")) {
    const facetCounts = counts[fieldset.dataset.facet] || {};
    for (const row of fieldset.querySelectorAll("li[data-value]")) {
      const count = facetCounts[row.dataset.value] || 0;
      const box = row.querySelector("input");
      row.querySelector("[data-count]").textContent = `(${count})`;
      row.hidden = count === 0 && !box.checked;
    }
    fieldset.hidden = [...fieldset.querySelectorAll("li[data-value]")].every((row) => row.hidden);
  }
}

function activeFilters(state) {
  const active = facetParams.filter((param) => state.facets[param].length)
    .map((param) => ({ param, label: settings.facets[param].heading }));
  if (ageParam(state.wiek)) active.push({ param: "wiek", label: `Wiek: ${state.wiek}` });
  return active;
}

function searchLink(text, query, extra = "") {
  const link = document.createElement("a");
  link.href = `?q=${encodeURIComponent(query)}${extra}`;
  link.textContent = text;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    apply(readState(link.search), { push: true });
  });
  return link;
}

function linkList(className, links) {
  const items = document.createElement("ul");
  items.className = className;
  for (const link of links) {
    const entry = document.createElement("li");
    entry.append(link);
    items.append(entry);
  }
  return items;
}

function paragraph(text) {
  const line = document.createElement("p");
  line.textContent = text;
  return line;
}

// No dead ends: the words of the index closest to what was typed, the needs, the browse pages.
async function noResults(idx, found) {
  const parts = [];
  const close = [];
  for (const word of found.unknown) for (const form of await idx.closestWords(word)) if (!close.includes(form)) close.push(form);
  if (close.length) {
    parts.push(paragraph("Podobne słowa w koszyku:"), linkList("koszyk-search__words", close.map((form) => searchLink(form, form))));
  }
  const tiles = idx.needTiles();
  if (tiles.length) {
    parts.push(paragraph("Albo wybierz, czego potrzebujesz:"),
      linkList("koszyk-search__needs", tiles.map((tile) => searchLink(tile.label, tile.query))));
  }
  const browse = document.createElement("p");
  const byArea = document.createElement("a");
  byArea.href = `${root}przegladaj/`;
  byArea.textContent = "przeglądać usługi według obszaru i grupy";
  const byPartner = document.createElement("a");
  byPartner.href = `${root}partnerzy/`;
  byPartner.textContent = "według partnerów";
  browse.append("Możesz też ", byArea, " albo ", byPartner, ".");
  parts.push(browse);
  return parts;
}

async function suggest(state, query, found) {
  // Which single change would bring results back: say it, with the count it gives.
  const idx = await engine();
  const options = [];
  for (const { param, label } of activeFilters(state)) {
    const count = await idx.countWithout(query, param);
    if (count) options.push({ text: `Usuń filtr „${label}”`, count, param });
  }
  if (idx.termsOf(query.text).length && !isEmpty({ ...query, text: "" }, idx)) {
    const count = await idx.countWithout(query, "q");
    if (count) options.push({ text: `Szukaj bez frazy „${state.q.trim()}”`, count, param: "q" });
  }
  const phrase = state.q.trim();
  const conditions = activeFilters(state).length + (phrase ? 1 : 0);
  let lead = phrase ? "Sprawdź pisownię albo użyj innego słowa." : "Zmień albo usuń filtry.";
  if (options.length) {
    lead = conditions > 1 ? "Nic nie pasuje do wszystkich warunków naraz. Spróbuj zmienić jeden z nich:"
      : "Nic nie pasuje do tego warunku:";
  }
  if (isMatrixCell(state)) {
    lead = "Na tej liście nie ma usługi dla tego połączenia; jeśli powinna być, to może być luka w ofercie."
      + (options.length ? " Możesz zmienić jeden z filtrów:" : "");
  }
  const parts = [paragraph(lead)];
  if (options.length) {
    const choices = document.createElement("ul");
    for (const option of options) {
      const entry = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = `${option.text} (${servicesLabel(option.count)})`;
      button.addEventListener("click", () => {
        const next = { ...state, facets: { ...state.facets } };
        if (option.param === "q") next.q = "";
        else if (option.param === "wiek") next.wiek = "";
        else next.facets[option.param] = [];
        apply(next, { push: true });
      });
      entry.append(button);
      choices.append(entry);
    }
    parts.push(choices);
  } else {
    parts.push(...await noResults(idx, found));
  }
  return parts;
}

function correctionParts(state, corrections) {
  if (!corrections.length) return [];
  const fixes = new Map(corrections.map(({ word, shown }) => [word, shown]));
  // letters and digits only: "logopda?" shows as "logopeda?", punctuation kept where it was;
  // the corrected word with its Polish letters ("stracil" -> "stracił"), as text, never as HTML
  const shown = state.q.trim().split(/\s+/)
    .map((word) => word.replace(/[\p{L}\p{N}]+/gu, (part) => fixes.get(fold(part)) || part)).join(" ");
  const line = document.createElement("p");
  line.className = "koszyk-search__correction";
  const strong = document.createElement("strong");
  strong.textContent = shown;
  line.append("Pokazujemy wyniki dla: ", strong, ". ",
    searchLink(`Szukaj dokładnie „${state.q.trim()}”`, state.q.trim(), "&dokladnie=1"));
  return [line];
}

// ---- rendering: only the latest search may touch the page ----

let shown = [];
let shownTerm = null;
let generation = 0;

// announced once the items are in the page: the individual basket adds its buttons then
function announce(items) {
  for (const item of items) document.dispatchEvent(new CustomEvent("koszyk:wynik", { detail: item.koszykDetail }));
}

async function itemsFor(numbers, term) {
  const idx = await engine();
  const data = await Promise.all(numbers.map((number) => idx.document(number)));
  return data.map((entry) => resultItem(entry, term));
}

let loadingMore = null; // the "more" call under way: a second click waits for it instead of appending twice
function showMore() {
  if (loadingMore) return loadingMore;
  const mine = generation;
  const start = list.children.length;
  loadingMore = (async () => {
    const items = await itemsFor(shown.slice(start, start + PAGE_SIZE), shownTerm);
    if (mine === generation && list.children.length === start) {
      list.append(...items);
      announce(items);
    }
    moreButton.hidden = list.children.length >= shown.length;
  })().finally(() => { loadingMore = null; });
  return loadingMore;
}

function resultsLabel(state, found) {
  const chosen = state.q.trim() ? "" : chosenFilters(state);
  const filters = chosen ? ` Filtry – ${chosen}.` : "";
  if (!found.total) return `Nie znaleziono żadnej usługi.${filters}`;
  let text = `Znaleziono ${plural(found.total, "usługę", "usługi", "usług")}.${filters}`;
  if (found.concepts > 1 && found.complete < found.total) {
    text += ` Najpierw ${found.complete ? `${plural(found.complete, "pasująca", "pasujące", "pasujących")} do wszystkich słów` : "najlepiej pasujące"}.`;
  }
  return text;
}

/** The chosen filters, each by its heading, its values joined by "lub" (values of one filter are
 *  alternatives; the filters all apply): "Obszar wsparcia: Kultura lub Zdrowie; Dla kogo: Seniorzy".
 *  Without a phrase they are the whole search (a count in a matrix opens one), and on a phone
 *  the filters are folded away, so the status line says them. */
function chosenFilters(state) {
  return activeFilters(state).map(({ param, label }) => (param === "wiek" ? label
    : `${label}: ${state.facets[param].map((key) => settings.facets[param].labels[key]).join(" lub ")}`)).join("; ");
}

/** One cell of a matrix asked about: one area and one group, perhaps one gmina, nothing else.
 *  No service there may be a gap in the offer, which the partnership should hear of. */
function isMatrixCell(state) {
  const chosen = facetParams.filter((param) => state.facets[param].length);
  return !state.q.trim() && !ageParam(state.wiek) && chosen.includes("obszar") && chosen.includes("grupa")
    && chosen.every((param) => ["obszar", "grupa", "gmina"].includes(param) && state.facets[param].length === 1);
}

async function render(state) {
  const mine = ++generation;
  const outcome = await run(state);
  if (mine !== generation) return; // a newer search has started; drop this one
  if (outcome.empty) {
    shown = [];
    list.replaceChildren();
    suggestions.replaceChildren();
    correctionLine.replaceChildren();
    ageNote.hidden = true;
    moreButton.hidden = true;
    showCounts(outcome.counts);
    showResults.textContent = "Pokaż wyniki";
    statusLine.textContent = state.q.trim()
      ? "W zapytaniu nie ma słowa, którego można szukać (litery lub cyfry). Wpisz, czego szukasz, albo wybierz filtr."
      : "Wpisz, czego szukasz, albo wybierz filtr.";
    document.body.dataset.searchDone = String(mine);
    return;
  }
  const { found } = outcome;
  // everything is prepared first, then the page changes at once: the count and the list always agree
  const items = await itemsFor(found.ranking.slice(0, PAGE_SIZE), outcome.term);
  const extra = found.total ? [] : await suggest(state, outcome.query, found);
  if (mine !== generation) return;
  shown = found.ranking;
  shownTerm = outcome.term;
  showCounts(outcome.counts);
  list.replaceChildren(...items);
  announce(items);
  moreButton.hidden = list.children.length >= shown.length;
  suggestions.replaceChildren(...extra);
  correctionLine.replaceChildren(...correctionParts(state, found.corrections));
  ageNote.hidden = !(outcome.query.age !== null && found.withoutAgeLimit);
  showResults.textContent = `Pokaż wyniki (${found.total})`;
  statusLine.textContent = resultsLabel(state, found);
  document.body.dataset.searchDone = String(mine);
}

// ---- events ----

let typingEntry = false; // the history entry being typed into, replaced rather than stacked
function apply(state, { push }) {
  const target = stateToSearch(state);
  if (target !== location.search && !(target === location.pathname && !location.search)) {
    if (push) history.pushState(null, "", target);
    else history.replaceState(null, "", target);
  }
  showState(state);
  return render(state);
}

let typingTimer;
function applyWhileTyping() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    apply(stateFromForm(), { push: !typingEntry });
    typingEntry = true;
  }, TYPING_DELAY_MS);
}
queryInput.addEventListener("input", applyWhileTyping);
ageInput.addEventListener("input", applyWhileTyping); // the age applies as typed, not when the field is left
for (const field of [queryInput, ageInput]) field.addEventListener("blur", () => { typingEntry = false; });
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") {
    clearTimeout(typingTimer);
    apply(stateFromForm(), { push: true });
  }
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  typingEntry = false;
  apply(stateFromForm(), { push: true });
});
document.getElementById("szukaj-wyczysc").addEventListener("click", () => {
  const state = stateFromForm();
  for (const param of facetParams) state.facets[param] = [];
  state.wiek = "";
  apply(state, { push: true });
});
moreButton.addEventListener("click", async () => {
  const firstNew = list.children.length;
  await showMore();
  list.children[firstNew]?.querySelector("a")?.focus(); // keyboard users continue where the new results start
});

// Phones: the filters fold behind "Filtry"; "Pokaż wyniki (N)" folds them and jumps to the results.
function foldFilters(folded) {
  searchRoot.classList.toggle("koszyk-search--zwiniete", folded);
  filtersToggle.setAttribute("aria-expanded", String(!folded));
}
filtersToggle.hidden = false;
foldFilters(true);
filtersToggle.addEventListener("click", () => foldFilters(filtersToggle.getAttribute("aria-expanded") === "true"));
showResults.addEventListener("click", () => {
  foldFilters(true);
  const heading = document.getElementById("szukaj-wyniki-naglowek");
  heading.scrollIntoView();
  heading.focus();
});

window.addEventListener("popstate", () => {
  typingEntry = false;
  const state = readState(location.search);
  showState(state);
  render(state);
});

const initial = readState(location.search);
showState(initial);
render(initial);
