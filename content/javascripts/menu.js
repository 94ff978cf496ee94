// Material opens the phone menu with a <label> for a hidden checkbox (#__drawer): a tap
// works, a keyboard did not, and the closed menu's links stayed in the Tab order off screen,
// so focus vanished for a score of presses (WCAG 2.4.3, 2.4.7). koszyk.css hides the closed
// menu; here the label (role=button in partials/header.html) opens it with Enter or Space,
// says whether it is open, and Escape closes it and gives the focus back.
function keyboardMenu() {
  const toggle = document.getElementById("__drawer");
  const button = document.querySelector(".md-header label[for='__drawer']");
  if (!toggle || !button) return;
  const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
  const setOpen = (open) => {
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  };
  toggle.addEventListener("change", sync);
  button.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    setOpen(!toggle.checked);
    if (toggle.checked) document.querySelector(".md-sidebar--primary a[href]")?.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle.checked) return;
    setOpen(false);
    button.focus();
  });
  sync();
}

keyboardMenu();
