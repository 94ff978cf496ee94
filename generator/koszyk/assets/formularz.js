// The card form page (formularz/): fields drawn from the card schema in schemat.json,
// prefilled from a partner's card (karty/<slug>.json, already cut to this site's
// variant), checked live with the validator's messages, and three ways out: the YAML
// card, the filled workbook, the forge's editor. Nothing is sent anywhere: the only
// requests are for this site's own files, and files are made here, on the user's click.
// Card text only ever reaches the page through .value and .textContent.

import {CardRules, CardYaml, fieldName, slugify} from "./formularz-reguly.js";
import {filledWorkbook} from "./formularz-arkusz.js";

const LONG_TEXT = 300;
const LABELS = {uslugi: "Usługa", kryteria: "Kryterium"};
const ADD = {uslugi: "Dodaj usługę", kryteria: "Dodaj kryterium"};
const REMOVE = {uslugi: "Usuń usługę", kryteria: "Usuń kryterium"};

const idOf = (path) => "f-" + path.join("-");
const labelOf = (field) => field.title.replace(/\.$/, "");

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

class CardForm {
  constructor(root, schema) {
    this.root = root;
    this.schema = schema;
    this.rules = new CardRules(schema);
    this.yaml = new CardYaml(schema);
    this.form = root.querySelector("#formularz-karty");
    this.status = root.querySelector("#formularz-stan");
    this.summary = root.querySelector("#formularz-bledy");
    this.slug = "";
    this.fresh = new Set();  // services added here: only these may be removed (others are withdrawn)
    this.touched = new Set();
    this.showAll = false;
    this.form.addEventListener("focusout", (event) => this.onEdit(event));
    this.form.addEventListener("change", (event) => this.onEdit(event));
    this.form.addEventListener("input", (event) => {
      this.followName(event.target);
      if (event.target.getAttribute("aria-invalid") === "true") this.onEdit(event);
    });
    this.form.addEventListener("submit", (event) => event.preventDefault());
  }

  /** A new service's id follows its name (as a slug) until the partner types an id of their own;
   * an existing service's id never changes (the basket's links and history hang on it). */
  followName(control) {
    const match = /^f-uslugi-(\d+)-nazwa$/.exec(control.id);
    if (!match || !this.fresh.has(`uslugi-${match[1]}`)) return;
    const id = this.form.querySelector(`#f-uslugi-${match[1]}-id`);
    if (!id || (id.value !== "" && id.value !== id.dataset.auto)) return;
    id.value = id.dataset.auto = slugify(control.value, "").replace(/-+$/, "");  // cut at 60, never ending in "-"
  }

  // -- drawing the fields ------------------------------------------------------------------

  render(card) {
    this.form.replaceChildren();
    for (const field of this.schema.card.fields) this.form.appendChild(this.fieldBlock(field, [field.key], card[field.key]));
    this.showErrors();
  }

  fieldBlock(field, path, value) {
    const spec = field.value;
    if (spec.kind === "record") return this.recordBlock(field, path, value || {});
    if (spec.kind === "list" && spec.item.kind === "record") return this.repeater(field, path, value || []);
    if (spec.kind === "list" && spec.item.kind === "choice") return this.checkboxes(field, path, value || []);
    return this.input(field, path, value);
  }

  recordBlock(field, path, value) {
    const set = element("fieldset", {id: idOf(path), class: "koszyk-form__group"});
    set.appendChild(element("legend", {}, labelOf(field) + (field.required ? " (wymagane)" : "")));
    set.appendChild(element("p", {id: idOf(path) + "-blad", class: "koszyk-form__error", hidden: ""}));
    for (const inner of field.value.fields) set.appendChild(this.fieldBlock(inner, [...path, inner.key], value[inner.key]));
    return set;
  }

  repeater(field, path, items) {
    const key = field.key;
    const set = element("fieldset", {id: idOf(path), class: "koszyk-form__group koszyk-form__repeater"});
    set.appendChild(element("legend", {}, labelOf(field)));
    set.appendChild(element("p", {id: idOf(path) + "-blad", class: "koszyk-form__error", hidden: ""}));
    items.forEach((item, index) => set.appendChild(this.repeatedItem(field, [...path, index], item || {})));
    const add = element("button", {type: "button", class: "md-button", "data-add": path.join("-")}, ADD[key] || "Dodaj");
    add.addEventListener("click", () => this.addItem(path));
    set.appendChild(add);
    return set;
  }

  repeatedItem(field, path, item) {
    const key = field.key;
    const index = path[path.length - 1];
    const set = element("fieldset", {id: idOf(path), class: "koszyk-form__group koszyk-form__item"});
    const name = key === "uslugi" && item.nazwa ? `: ${item.nazwa}` : "";
    set.appendChild(element("legend", {}, `${LABELS[key] || "Pozycja"} ${index + 1}${name}`));
    for (const inner of field.value.item.fields) set.appendChild(this.fieldBlock(inner, [...path, inner.key], item[inner.key]));
    const actions = element("p", {class: "koszyk-form__actions"});
    const pathKey = path.join("-");
    if (key === "uslugi" && !this.fresh.has(pathKey)) {
      const withdraw = element("button", {type: "button", class: "md-button"}, `Oznacz usługę ${index + 1} jako wycofaną`);
      withdraw.addEventListener("click", () => this.withdraw(path));
      actions.appendChild(withdraw);
    } else {
      const remove = element("button", {type: "button", class: "md-button"}, `${REMOVE[key] || "Usuń"} ${index + 1}`);
      remove.addEventListener("click", () => this.removeItem(path));
      actions.appendChild(remove);
    }
    set.appendChild(actions);
    return set;
  }

  checkboxes(field, path, chosen) {
    const id = idOf(path);
    const set = element("fieldset", {id, class: "koszyk-form__group koszyk-form__choices",
                                     "aria-describedby": id + "-blad"});
    set.dataset.order = JSON.stringify(chosen);  // the card's own order stays (no churn in the file)
    set.appendChild(element("legend", {}, labelOf(field) + (field.required ? " (wymagane)" : "")));
    set.appendChild(element("p", {id: id + "-blad", class: "koszyk-form__error", hidden: ""}));
    this.schema.vocabularies[field.value.item.vocabulary].terms.forEach((term, index) => {
      const box = element("input", {type: "checkbox", id: `${id}-${index}`, name: id, value: term.key});
      box.checked = chosen.includes(term.key);
      const label = element("label", {for: `${id}-${index}`}, term.label);
      const line = element("span", {class: "koszyk-form__choice"});
      line.append(box, " ", label);
      set.appendChild(line);
    });
    return set;
  }

  input(field, path, value) {
    const spec = field.value;
    const id = idOf(path);
    const wrapper = element("p", {class: "koszyk-form__field"});
    wrapper.appendChild(element("label", {for: id}, labelOf(field) + (field.required ? " (wymagane)" : "")));
    wrapper.appendChild(element("br"));
    let control;
    if (spec.kind === "choice" || spec.kind === "bool") {
      control = element("select", {id});
      if (!field.required && field.default === null) control.appendChild(element("option", {value: ""}, "(nie wybrano)"));
      if (field.required) control.appendChild(element("option", {value: ""}, "(wybierz)"));
      const options = spec.kind === "bool" ? [{key: "true", label: "tak"}, {key: "false", label: "nie"}]
        : this.schema.vocabularies[spec.vocabulary].terms;
      for (const term of options) control.appendChild(element("option", {value: term.key}, term.label));
      const shown = value ?? field.default;
      control.value = shown === null || shown === undefined ? "" : String(shown);
    } else {
      const long = spec.kind === "text" && spec.max > LONG_TEXT;
      control = element(long ? "textarea" : "input", long ? {id, rows: "4"} : {id, type: "text"});
      if (spec.kind === "int") control.setAttribute("inputmode", "numeric");
      if (spec.kind === "phone") control.setAttribute("inputmode", "tel");
      control.value = value === undefined || value === null ? "" : Array.isArray(value) ? value.join("; ") : String(value);
    }
    const hint = this.hintFor(field, path);
    const described = [id + "-blad"];
    if (hint) {
      wrapper.appendChild(element("span", {id: id + "-wskazowka", class: "koszyk-form__hint"}, hint));
      described.unshift(id + "-wskazowka");
    }
    control.setAttribute("aria-describedby", described.join(" "));
    wrapper.appendChild(control);
    wrapper.appendChild(element("span", {id: id + "-blad", class: "koszyk-form__error", hidden: ""}));
    return wrapper;
  }

  hintFor(field, path) {
    const spec = field.value;
    const parts = [`Pole w karcie: ${fieldName(path)}.`];
    if (spec.kind === "date") parts.push("Data w postaci RRRR-MM-DD, np. 2026-05-01.");
    if (spec.kind === "phone") parts.push("Np. +48 12 345 67 89.");
    if (spec.kind === "list") parts.push("Kilka wartości oddziel średnikiem.");
    if (spec.kind === "text" && spec.hint) parts.push(spec.hint.charAt(0).toUpperCase() + spec.hint.slice(1) + ".");
    if (field.intranetOnly) parts.push("Tylko intranet.");
    return parts.join(" ");
  }

  // -- reading the fields back as card data --------------------------------------------------

  collect() {
    return this.collectRecord(this.schema.card, []) || {};
  }

  collectRecord(spec, path) {
    const result = {};
    for (const field of spec.fields) {
      const value = this.collectValue(field, [...path, field.key]);
      if (value === undefined) continue;
      if (field.default !== null && !Array.isArray(field.default) && value === field.default) continue;
      result[field.key] = value;
    }
    return Object.keys(result).length ? result : undefined;
  }

  collectValue(field, path) {
    const spec = field.value;
    const id = idOf(path);
    if (spec.kind === "record") return this.collectRecord(spec, path);
    if (spec.kind === "list" && spec.item.kind === "record") {
      const items = this.form.querySelectorAll(`#${CSS.escape(id)} > fieldset.koszyk-form__item`);
      const values = Array.from(items, (_, index) => this.collectRecord(spec.item, [...path, index]) || {});
      return values.length || field.key === "uslugi" ? values : undefined;
    }
    if (spec.kind === "list" && spec.item.kind === "choice") {
      const chosen = Array.from(this.form.querySelectorAll(`input[name="${CSS.escape(id)}"]:checked`), (box) => box.value);
      const group = document.getElementById(id);
      const order = group ? JSON.parse(group.dataset.order || "[]") : [];
      const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
      chosen.sort((a, b) => rank(a) - rank(b));  // stable: new choices keep the vocabulary's order
      return chosen.length ? chosen : undefined;
    }
    const control = this.form.querySelector(`#${CSS.escape(id)}`);
    if (!control) return undefined;
    const text = control.value.replace(/\r\n?/g, "\n").trim();
    if (!text) return undefined;
    if (spec.kind === "bool") return text === "true";
    if (spec.kind === "int") return /^-?\d+$/.test(text) ? Number(text) : text;
    if (spec.kind === "list") {
      const items = text.split(/[;,\s]+/).filter(Boolean);
      return items.length ? items : undefined;
    }
    return text;
  }

  // -- live checking ----------------------------------------------------------------------

  onEdit(event) {
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.id) return;
    this.touched.add(target.name || target.id);
    this.showErrors();
  }

  showErrors() {
    const errors = this.rules.check(this.collect());
    for (const old of this.form.querySelectorAll(".koszyk-form__error")) { old.hidden = true; old.textContent = ""; }
    for (const old of this.form.querySelectorAll("[aria-invalid]")) old.removeAttribute("aria-invalid");
    const shown = [];
    for (const error of errors) {
      const id = idOf(error.path);
      if (!this.showAll && !this.touched.has(id)) continue;
      const target = document.getElementById(id);
      const slot = document.getElementById(id + "-blad");
      if (!target || !slot) continue;
      slot.hidden = false;
      slot.textContent = (slot.textContent ? slot.textContent + " " : "") + "Błąd: " + error.message;
      const controls = target.tagName === "FIELDSET" ? target.querySelectorAll(":scope > span > input") : [target];
      for (const control of controls) control.setAttribute("aria-invalid", "true");
      shown.push({...error, id: target.tagName === "FIELDSET" ? (target.querySelector("input, select, textarea") || target).id : id});
    }
    this.errors = errors;
    this.renderSummary(this.showAll ? shown : []);
    return errors;
  }

  /** The field as the form shows it ("Usługa 1 – Nazwa"), not the card's path ("uslugi[1].nazwa"). */
  fieldLabel(error) {
    const label = document.querySelector(`label[for="${CSS.escape(error.id)}"]`)
      || document.getElementById(error.id)?.closest("fieldset")?.querySelector("legend");
    const text = label ? label.textContent.replace(/\s*\(wymagane\)$/, "").trim() : error.field;
    const service = /^uslugi\[(\d+)\]/.exec(error.field);
    return service && label ? `${LABELS.uslugi} ${service[1]} – ${text}` : text;
  }

  renderSummary(shown) {
    const list = this.root.querySelector("#formularz-bledy-lista");
    list.replaceChildren();
    this.summary.hidden = shown.length === 0;
    const title = this.root.querySelector("#formularz-bledy-tytul");
    title.textContent = `Popraw błędy w formularzu (${shown.length})`;
    for (const error of shown) {
      const item = element("li");
      const link = element("a", {href: "#" + error.id}, `${this.fieldLabel(error)}: ${error.message}`);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const target = document.getElementById(error.id);
        if (target) target.focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    }
  }

  /** The card if it has no errors; otherwise the summary, with focus on it. */
  checkedCard() {
    this.showAll = true;
    const errors = this.showErrors();
    if (errors.length) {
      this.announce(`Karta ma błędy (${errors.length}). Popraw je przed pobraniem.`);
      this.summary.focus();
      return null;
    }
    this.summary.hidden = true;
    return this.collect();
  }

  // -- services: add, remove, withdraw -------------------------------------------------------

  rerender(card, focusId) {
    this.render(card);
    const target = focusId && document.getElementById(focusId);
    if (target) target.focus();
  }

  itemsAt(card, path) {
    let holder = card;
    for (const step of path.slice(0, -1)) holder = holder[step] ??= {};
    const key = path[path.length - 1];
    holder[key] ??= [];
    return holder[key];
  }

  addItem(path) {
    const card = this.collectForEditing();
    const items = this.itemsAt(card, path);
    items.push({});
    const index = items.length - 1;
    if (path.length === 1) this.fresh.add([...path, index].join("-"));
    this.rerender(card, idOf([...path, index, path.length === 1 ? "id" : "rodzaj"]));
    this.announce(`Dodano pozycję ${index + 1}.`);
  }

  removeItem(path) {
    const card = this.collectForEditing();
    const index = path[path.length - 1];
    const listPath = path.slice(0, -1);
    this.itemsAt(card, listPath).splice(index, 1);
    if (listPath.length === 1) {
      const fresh = new Set();
      for (const key of this.fresh) {
        const number = Number(key.split("-")[1]);
        if (number < index) fresh.add(key);
        if (number > index) fresh.add(`uslugi-${number - 1}`);
      }
      this.fresh = fresh;
    }
    this.rerender(card, null);
    const add = this.form.querySelector(`[data-add="${listPath.join("-")}"]`);
    if (add) add.focus();
    this.announce(`Usunięto pozycję ${index + 1}.`);
  }

  withdraw(path) {
    const status = document.getElementById(idOf([...path, "status"]));
    if (status) {
      status.value = "wycofana";
      status.focus();
      this.announce(`Usługa ${path[path.length - 1] + 1} ma status „Wycofana”. Zapisz kartę, aby to utrwalić.`);
      this.showErrors();
    }
  }

  /** The data as typed, defaults and empty lists kept, so a re-render shows the same. */
  collectForEditing() {
    const card = this.collect();
    card.uslugi = card.uslugi || [];
    return card;
  }

  announce(text) {
    this.status.textContent = "";
    window.setTimeout(() => { this.status.textContent = text; }, 50);
  }

  // -- ways out --------------------------------------------------------------------------

  fileSlug(card) {
    return this.slug || slugify((card.partner && card.partner.nazwa) || "");
  }

  downloadYaml() {
    const card = this.checkedCard();
    if (!card) return;
    // A public site's card lacks the intranet-only data: another name, so it never replaces the card file by mistake.
    const partial = this.schema.variant === "public" && this.slug ? "-dane-publiczne" : "";
    save(new Blob([this.yaml.write(card)], {type: "application/x-yaml"}), this.fileSlug(card) + partial + ".yml");
    this.announce("Pobrano kartę w pliku YAML.");
  }

  async downloadWorkbook(templateUrl) {
    const card = this.checkedCard();
    if (!card) return;
    const response = await fetch(templateUrl);
    const blob = filledWorkbook(await response.arrayBuffer(), card, this.slug, this.schema);
    save(blob, this.fileSlug(card) + ".xlsx");
    this.announce("Pobrano arkusz karty.");
  }

  async copyYaml() {
    const card = this.checkedCard();
    if (!card) return;
    try {
      await navigator.clipboard.writeText(this.yaml.write(card));
      this.announce("Skopiowano kartę do schowka.");
    } catch {
      this.announce("Nie udało się skopiować; użyj przycisku „Pobierz kartę (YAML)”.");
    }
  }

  forgeLink() {
    const forge = this.schema.forge;
    const link = this.root.querySelector("#formularz-edytor");
    if (!forge || !link) return;
    const partner = this.schema.partners.find((p) => p.slug === this.slug);
    if (partner && partner.path) {
      link.href = forge.edit + partner.path.split("/").map(encodeURIComponent).join("/");
      link.textContent = `edytor karty w repozytorium (${forge.name})`;
    } else {
      const name = this.fileSlug(this.collect()) + ".yml";
      link.href = forge.new + encodeURIComponent(name);
      link.textContent = `stronę nowego pliku karty w repozytorium (${forge.name})`;
    }
  }
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element("a", {href: url, download: name});
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function start() {
  const root = document.getElementById("formularz");
  if (!root) return;
  const base = new URL(root.dataset.schema, document.baseURI);
  const schema = await (await fetch(base)).json();
  const form = new CardForm(root, schema);
  for (const hidden of root.querySelectorAll("[data-needs-js]")) hidden.hidden = false;
  const chooser = root.querySelector("#formularz-partner");
  const load = async () => {
    form.slug = chooser.value;
    form.fresh = new Set();
    form.touched = new Set();
    form.showAll = false;
    let card = {partner: {}, uslugi: [{}]};
    if (form.slug) card = await (await fetch(new URL(`${root.dataset.cards}${encodeURIComponent(form.slug)}.json`, base))).json();
    if (!form.slug) form.fresh.add("uslugi-0");
    form.render(card);
    form.forgeLink();
    const chosen = chooser.selectedOptions[0];
    form.announce(form.slug ? `Wczytano kartę: ${chosen.textContent}.` : "Pusta karta nowego partnera.");
    root.dataset.loaded = form.slug || "nowy";
  };
  root.querySelector("#formularz-wczytaj").addEventListener("click", load);
  root.querySelector("#formularz-yaml").addEventListener("click", () => form.downloadYaml());
  root.querySelector("#formularz-arkusz").addEventListener("click",
    () => form.downloadWorkbook(new URL(schema.workbook.file, base)));
  const copy = root.querySelector("#formularz-kopiuj");
  if (copy) copy.addEventListener("click", () => form.copyYaml());
  form.form.addEventListener("change", () => form.forgeLink());
  const wanted = new URLSearchParams(window.location.search).get("partner");
  if (wanted && schema.partners.some((p) => p.slug === wanted)) chooser.value = wanted;
  await load();
}

start();
