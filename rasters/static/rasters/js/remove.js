// Removing a raster from the list, after the user confirms: the row, the
// raster's place in the pickers and its overlay go; the candidates are read
// again, since those awaiting review went with it. Refusals show the
// server's reason as text.
import { fill, postJSON, reasonOf } from "./api.js";

function say(box, kind, words) {
  const line = document.createElement("div");
  line.className = kind;
  line.textContent = words;
  box.replaceChildren(line);
}

export function attachRemoval(buttons, { endpoint, messages, text, overlay, review }) {
  for (const button of buttons) {
    button.addEventListener("click", async () => {
      const id = button.dataset.remove;
      if (!window.confirm(fill(text.remove_confirm, { title: button.dataset.title }))) return;
      button.disabled = true;
      const result = await postJSON(endpoint.replace("{id}", encodeURIComponent(id)));
      if (!result.ok) {
        button.disabled = false;
        say(messages, "error", `${text.not_removed} ${reasonOf(result)}`);
        return;
      }
      say(messages, "ok", fill(text.removed, result.body));
      button.closest("tr").remove();
      for (const option of document.querySelectorAll(`select option[value="${CSS.escape(id)}"]`)) {
        if (option.selected) {
          option.parentElement.value = "";
          if (option.parentElement.id === "raster-choice") overlay.show("");
        }
        option.remove();
      }
      overlay.rasters.delete(String(id));
      await review.load();
      document.body.dataset.lastRemoval = id;
    });
  }
}
