// The upload form, sent by fetch so the page keeps its map. The server stores
// the file and checks it in the background: the page follows the upload
// until it is kept (then reloads) or refused (the reason, as text). Uploads
// still being checked when the page opens are followed too.
import { fill, getJSON, postForm, reasonOf } from "./api.js";

const POLL_MS = 2000;

function sayer(messages) {
  return (kind, words) => {
    const line = document.createElement("div");
    line.className = kind;
    line.textContent = words;
    messages.replaceChildren(line);
  };
}

export async function follow(item, messages, text) {
  const say = sayer(messages);
  let current = item;
  for (;;) {
    document.body.dataset.uploadState = `${current.upload}:${current.state}`;
    if (current.state === "done") {
      say("ok", fill(text.uploaded, current.raster));
      window.location.reload();
      return current;
    }
    if (current.state === "failed") {
      say("error", `${text.not_saved} ${current.message}`);
      return current;
    }
    say("ok", fill(current.state === "running" ? text.running : text.queued, current));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const result = await getJSON(current.status);
    if (!result.ok) {
      say("error", reasonOf(result));
      return current;
    }
    current = result.body;
  }
}

export function attachUpload(form, messages, text) {
  const say = sayer(messages);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    say("ok", text.uploading);
    try {
      const result = await postForm(form.action, form);
      if (!result.ok) {
        say("error", `${text.not_saved} ${reasonOf(result)}`);
        return;
      }
      await follow(result.body, messages, text);
    } finally {
      button.disabled = false;
    }
  });
}
