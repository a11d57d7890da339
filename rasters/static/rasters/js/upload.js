// The upload form, sent by fetch so the page keeps its map; the server's
// reason for a refusal is shown as text.
import { fill, postForm, reasonOf } from "./api.js";

export function attachUpload(form, messages, text) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const say = (kind, words) => {
      const line = document.createElement("div");
      line.className = kind;
      line.textContent = words;
      messages.replaceChildren(line);
    };
    say("ok", text.uploading);
    try {
      const result = await postForm(form.action, form);
      if (!result.ok) {
        say("error", `${text.not_saved} ${reasonOf(result)}`);
        return;
      }
      say("ok", fill(text.uploaded, result.body));
      window.location.reload();
    } finally {
      button.disabled = false;
    }
  });
}
