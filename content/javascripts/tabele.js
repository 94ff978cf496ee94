// Wide tables scroll sideways inside Material's .md-typeset__scrollwrap on a phone. A
// keyboard can scroll only a region it can focus (WCAG 2.1.1; axe: scrollable-region-focusable),
// so a table box that overflows becomes a named, focusable region; one that fits stays plain.
function markScrollingTables() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.parentElement.closest("[tabindex]")) continue; // already inside a focusable region (the home matrix)
    const scrolls = wrap.scrollWidth > wrap.clientWidth;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Tabela przewijana w poziomie");
    } else if (!scrolls && wrap.getAttribute("role") === "region") {
      for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
    }
  }
}

if (typeof document$ !== "undefined") document$.subscribe(markScrollingTables);
else markScrollingTables();
addEventListener("resize", markScrollingTables);
