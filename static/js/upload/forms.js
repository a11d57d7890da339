// Wires the upload page's forms: a file over the size limit is stopped before
// it is sent, and every form marked data-progress shows a progress bar.
import { sendWithProgress } from "./progress.js";

for (const form of document.querySelectorAll("form[data-progress]")) {
  form.addEventListener("submit", (event) => {
    const input = form.querySelector('input[type="file"]');
    const limit = Number(form.dataset.maxBytes || 0);
    const file = input && input.files[0];
    if (file && limit && file.size > limit) {
      event.preventDefault();
      input.setCustomValidity(form.dataset.tooLarge);
      input.reportValidity();
      return;
    }
    if (input) input.setCustomValidity("");
    event.preventDefault();
    sendWithProgress(form);
  });
  const input = form.querySelector('input[type="file"]');
  if (input) input.addEventListener("change", () => input.setCustomValidity(""));
}
