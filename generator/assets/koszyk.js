// The individual basket (intranet): storage, the header counter and the
// "Dodaj do koszyka" buttons on service pages and search results.
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

export function emptyNote() {
  return { termin: "", odpowiedzialny: "", krok: "" };
}

export function addService(basket, { id, name, fp }) {
  if (!basket.items.some((item) => item.id === id)) {
    const added = new Date().toISOString().slice(0, 10);
    basket.items.push({ id, name, fp, added, note: emptyNote() });
  }
  return basket;
}

export function servicesLabel(count) {
  if (count === 1) return "1 usługa";
  if ([2, 3, 4].includes(count % 10) && ![12, 13, 14].includes(count % 100)) return `${count} usługi`;
  return `${count} usług`;
}

export function announce(text) {
  const region = document.getElementById("koszyk-komunikat");
  if (region) region.textContent = text;
}

function toggle(button) {
  const basket = loadBasket();
  const { basketId: id, basketName: name, basketFp: fp } = button.dataset;
  const present = basket.items.some((item) => item.id === id);
  if (present) basket.items = basket.items.filter((item) => item.id !== id);
  else addService(basket, { id, name, fp });
  saveBasket(basket);
  announce(`${present ? "Usunięto z koszyka" : "Dodano do koszyka"}: ${name}. W koszyku: ${servicesLabel(basket.items.length)}.`);
}

function refresh() {
  const basket = loadBasket();
  const chosen = new Set(basket.items.map((item) => item.id));
  for (const counter of document.querySelectorAll("[data-basket-count]")) {
    counter.textContent = String(basket.items.length);
  }
  for (const button of document.querySelectorAll("button[data-basket-id]")) {
    button.textContent = chosen.has(button.dataset.basketId) ? "Usuń z koszyka" : "Dodaj do koszyka";
    button.hidden = false;
  }
  document.dispatchEvent(new CustomEvent("koszyk:zmiana", { detail: basket }));
}

function basketButton(meta) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button koszyk-basket-toggle";
  Object.assign(button.dataset, { basketId: meta.id, basketName: meta.title, basketFp: meta.fp || "" });
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
