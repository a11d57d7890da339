// The language switcher sends its form as soon as a language is picked; kept
// here, not in an onchange attribute, which the Content-Security-Policy forbids.
for (const select of document.querySelectorAll("form.lang select")) {
  select.addEventListener("change", () => select.form.submit());
}
