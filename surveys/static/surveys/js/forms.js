// Wires the upload page's forms: a file over the size limit is stopped before
// it is sent, and every form marked data-progress shows a progress bar. A file
// goes by XMLHttpRequest, to show how much of it has been sent; the preview's
// forms (check again, import) are sent by the browser itself, so whatever page
// comes back is a page of its own, and only the progress is polled.
import { pollWhileSubmitting, sendWithProgress } from "./progress.js";

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
    if (!input) {
      pollWhileSubmitting(form);
      return;
    }
    input.setCustomValidity("");
    event.preventDefault();
    sendWithProgress(form);
  });
  const input = form.querySelector('input[type="file"]');
  if (input) input.addEventListener("change", () => input.setCustomValidity(""));
}
