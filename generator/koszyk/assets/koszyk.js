// The individual basket (intranet): storage, the header counter and the
// "Dodaj do koszyka indywidualnego" buttons on service pages, lists of services
// and search results.
//
// The basket lives in this browser's localStorage only; nothing here makes a
// request. koszyk-strona.js (the koszyk/ page) builds on these functions.

const KEY = "koszyk.indywidualny.v1";

export function loadBasket() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY));
    if (stored && Array.isArray(stored.items)) return stored;
  } catch (error) {
    // unreadable storage: start an empty basket rather than break the page
  }
  return { items: [] };
}

export function saveBasket(basket) {
  if (basket.items.length) localStorage.setItem(KEY, JSON.stringify(basket));
  else localStorage.removeItem(KEY);
  refresh();
}

export function clearBasket() {
  localStorage.removeItem(KEY);
  refresh();
}

/** Today's date as RRRR-MM-DD on the worker's own clock (toISOString() is UTC: a note
    written at 00:30 in Poland would get yesterday's date). */
export function localDate(date = new Date()) {
  const pad = (number) => String(number).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function emptyNote() {
  return { termin: "", odpowiedzialny: "", krok: "" };
}

export function addService(basket, { id, name, fp }) {
  if (!basket.items.some((item) => item.id === id)) {
    const added = localDate();
    basket.items.push({ id, name, fp, added, note: emptyNote() });
  }
  return basket;
}

/** "1 usługa", "3 usługi", "5 usług": a count with the Polish noun form it takes. */
export function countLabel(count, one, few, many) {
  if (count === 1) return `1 ${one}`;
  if ([2, 3, 4].includes(count % 10) && ![12, 13, 14].includes(count % 100)) return `${count} ${few}`;
  return `${count} ${many}`;
}

export function servicesLabel(count) {
  return countLabel(count, "usługa", "usługi", "usług");
}

export const ADD_LABEL = "Dodaj do koszyka indywidualnego";
export const REMOVE_LABEL = "Usuń z koszyka indywidualnego";

export function announce(text) {
  const region = document.getElementById("koszyk-komunikat");
  if (region) region.textContent = text;
}

// A confirmation shows next to the control that caused it (where the eyes are);
// screen readers hear it once, from the page's live region, so the echo is hidden from them.
export function showNear(control, text) {
  let echo = document.getElementById("koszyk-echo");
  if (!echo) {
    echo = document.createElement("span");
    echo.id = "koszyk-echo";
    echo.className = "koszyk-echo";
    echo.setAttribute("aria-hidden", "true");
  }
  echo.textContent = text;
  echo.hidden = !text;
  if (control) control.after(echo);
}

function toggle(button) {
  const basket = loadBasket();
  const { basketId: id, basketName: name, basketFp: fp } = button.dataset;
  const present = basket.items.some((item) => item.id === id);
  if (present) basket.items = basket.items.filter((item) => item.id !== id);
  else addService(basket, { id, name, fp });
  saveBasket(basket);
  const text = `${present ? "Usunięto z koszyka indywidualnego" : "Dodano do koszyka indywidualnego"}: ${name}. `
    + `W koszyku indywidualnym: ${servicesLabel(basket.items.length)}.`;
  announce(text);
  showNear(button, text);
}

function refresh() {
  const basket = loadBasket();
  const chosen = new Set(basket.items.map((item) => item.id));
  for (const counter of document.querySelectorAll("[data-basket-count]")) {
    counter.textContent = String(basket.items.length);
  }
  for (const button of document.querySelectorAll("button[data-basket-id]")) {
    const label = button.querySelector("[data-basket-label]") || button;
    label.textContent = chosen.has(button.dataset.basketId) ? REMOVE_LABEL : ADD_LABEL;
    button.hidden = false;
  }
  document.dispatchEvent(new CustomEvent("koszyk:zmiana", { detail: basket }));
}

function basketButton(meta) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button koszyk-basket-toggle";
  Object.assign(button.dataset, { basketId: meta.id, basketName: meta.title, basketFp: meta.fp || "" });
  const label = document.createElement("span");
  label.dataset.basketLabel = "";
  const name = document.createElement("span");
  name.className = "koszyk-sr-only";
  name.textContent = `: ${meta.title}`;
  button.append(label, name);
  return button;
}

// search results (szukaj.js announces each rendered result)
document.addEventListener("koszyk:wynik", (event) => {
  const { item, meta } = event.detail;
  const holder = document.createElement("p");
  holder.append(basketButton(meta));
  item.append(holder);
  queueMicrotask(refresh);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-basket-id]");
  if (button) toggle(button);
});

// another tab changed the basket: keep counters and buttons true
window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) refresh(); });

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", refresh);
else refresh();
