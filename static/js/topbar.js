// On a phone the top bar's links fold behind one button (static/css).
const bar = document.querySelector(".topbar");
const toggle = bar?.querySelector(".menu-toggle");
toggle?.addEventListener("click", () => {
  const open = bar.classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
});
