// The search page (szukaj/): queries of the static index (szukaj-indeks.js), driven by the URL.
//
// State lives in the URL only (?q=…&obszar=…&wiek=…), so a search can be shared,
// bookmarked and walked back with the browser's Back button. The index holds
// folded text (see generator/search/text.py); fold() below folds the query the
// same way, "ł" included.

import { openIndex } from "./szukaj-indeks.js";

const PAGE_SIZE = 20;
const TYPING_DELAY_MS = 200;
const root = document.querySelector(".koszyk-search").dataset.root;
const settings = JSON.parse(document.getElementById("szukaj-ustawienia").textContent);
const form = document.getElementById("szukaj-formularz");
const queryInput = document.getElementById("szukaj-q");
const ageInput = document.getElementById("szukaj-wiek");
const statusLine = document.getElementById("szukaj-stan");
const suggestions = document.getElementById("szukaj-sugestie");
const list = document.getElementById("szukaj-lista");
const moreButton = document.getElementById("szukaj-wiecej");
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

function readState(search) {
  const params = new URLSearchParams(search);
  const state = { q: params.get("q") || "", wiek: params.get("wiek") || "", facets: {} };
  for (const param of facetParams) {
    const known = settings.facets[param].labels;
    state.facets[param] = params.getAll(param).filter((key) => key in known);
  }
  return state;
}

function stateToSearch(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q.trim());
  for (const param of facetParams) for (const key of state.facets[param]) params.append(param, key);
  if (state.wiek !== "") params.set("wiek", state.wiek);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

function stateFromForm() {
  const state = { q: queryInput.value, wiek: ageInput.value.trim(), facets: {} };
  for (const param of facetParams) {
    state.facets[param] = [...form.querySelectorAll(`input[name="${param}"]:checked`)].map((box) => box.value);
  }
  return state;
}

function showState(state) {
  queryInput.value = state.q;
  ageInput.value = state.wiek;
  for (const param of facetParams) {
    for (const box of form.querySelectorAll(`input[name="${param}"]`)) {
      box.checked = state.facets[param].includes(box.value);
    }
  }
}

// ---- the index ----

let index; // one promise, shared by searches that start before the index has arrived
function engine() {
  index = index || openIndex(new URL(`${root}szukaj/indeks/`, document.baseURI));
  return index;
}

function queryOf(state) {
  const terms = fold(state.q).split(/[^a-z0-9]+/).filter((word) => word.length > 1);
  const age = /^\d+$/.test(state.wiek) ? Math.min(Number(state.wiek), 254) : null;
  return { terms, facets: state.facets, age };
}

function isEmpty(query) {
  return !query.terms.length && query.age === null && !Object.values(query.facets).some((values) => values.length);
}

async function run(state) {
  const idx = await engine();
  const query = queryOf(state);
  if (isEmpty(query)) return { empty: true, counts: idx.totals() };
  const found = await idx.search(query);
  return { found, counts: found.counts, term: query.terms.join(" "), query };
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
  const parts = [meta.partner, settings.modes[meta.dostep] ? `dostęp: ${settings.modes[meta.dostep].toLowerCase()}` : ""];
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
  document.dispatchEvent(new CustomEvent("koszyk:wynik", { detail: { item, meta, url: link.href } }));
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
  if (/^\d+$/.test(state.wiek)) active.push({ param: "wiek", label: `Wiek: ${state.wiek}` });
  return active;
}

async function suggest(state, query) {
  // Which single change would bring results back: say it, with the count it gives.
  const idx = await engine();
  const options = [];
  for (const { param, label } of activeFilters(state)) {
    const count = await idx.countWithout(query, param);
    if (count) options.push({ text: `Usuń filtr „${label}”`, count, param });
  }
  if (query.terms.length && !isEmpty({ ...query, terms: [] })) {
    const count = await idx.countWithout(query, "q");
    if (count) options.push({ text: `Szukaj bez frazy „${state.q.trim()}”`, count, param: "q" });
  }
  suggestions.replaceChildren();
  const intro = document.createElement("p");
  intro.textContent = options.length
    ? "Nic nie pasuje do wszystkich warunków naraz. Spróbuj zmienić jeden z nich:"
    : "Nic nie znaleziono. Sprawdź pisownię, użyj krótszego słowa albo przeglądaj koszyk według obszarów.";
  suggestions.append(intro);
  if (!options.length) return;
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
  suggestions.append(choices);
}

let shown = [];
let shownTerm = null;
async function showMore() {
  const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
  const idx = await engine();
  const data = await Promise.all(next.map((number) => idx.document(number)));
  list.append(...data.map((entry) => resultItem(entry, shownTerm)));
  moreButton.hidden = list.children.length >= shown.length;
}

let generation = 0;
async function render(state) {
  const mine = ++generation;
  const outcome = await run(state);
  if (mine !== generation) return; // a newer search has started; drop this one
  suggestions.replaceChildren();
  list.replaceChildren();
  if (outcome.empty) {
    shown = [];
    moreButton.hidden = true;
    showCounts(outcome.counts);
    statusLine.textContent = "Wpisz, czego szukasz, albo wybierz filtr.";
    return;
  }
  shown = outcome.found.ids;
  shownTerm = outcome.term;
  showCounts(outcome.counts);
  await showMore();
  if (mine !== generation) return;
  statusLine.textContent = shown.length
    ? `Znaleziono ${servicesLabel(shown.length)}.`
    : "Nie znaleziono żadnej usługi.";
  if (!shown.length) await suggest(state, outcome.query);
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
queryInput.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    apply(stateFromForm(), { push: !typingEntry });
    typingEntry = true;
  }, TYPING_DELAY_MS);
});
queryInput.addEventListener("blur", () => { typingEntry = false; });
ageInput.addEventListener("change", () => apply(stateFromForm(), { push: true }));
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") apply(stateFromForm(), { push: true });
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
window.addEventListener("popstate", () => {
  typingEntry = false;
  const state = readState(location.search);
  showState(state);
  render(state);
});

const initial = readState(location.search);
showState(initial);
render(initial);
