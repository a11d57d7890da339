// The upload form, sent by fetch so the page keeps its map. The server stores
// the file and checks it in the background: the page follows each upload on
// its own line until it is kept (then reloads) or refused (the reason, as
// text). Uploads still waiting, and those refused in the last day, are
// followed from the moment the page opens. A lost connection or a 5xx while
// following is retried with a growing pause; the upload goes on meanwhile.
import { fill, getJSON, postForm, reasonOf } from "./api.js";

const POLL_MS = 2000;
const MAX_PAUSE_MS = 30000;
const WAIT_HINT_MS = 30000;

function lineFor(messages, id) {
  let line = messages.querySelector(`[data-upload="${CSS.escape(String(id))}"]`);
  if (!line) {
    line = document.createElement("div");
    line.dataset.upload = String(id);
    messages.appendChild(line);
  }
  return (kind, words) => {
    line.className = kind;
    line.textContent = words;
  };
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchState(url) {
  try {
    return await getJSON(url);
  } catch {
    return { ok: false, status: 0, body: null }; // no connection: try again
  }
}

export async function follow(item, messages, text) {
  const say = lineFor(messages, item.upload);
  const since = Date.now();
  let current = item;
  let wait = POLL_MS;
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
    const words = current.state === "running" ? text.running : text.queued;
    const waited = current.state === "queued" && Date.now() - since > WAIT_HINT_MS;
    say("ok", fill(waited ? `${words} ${text.queued_long}` : words, current));
    await pause(wait);
    const result = await fetchState(current.status);
    if (result.ok) {
      current = result.body;
      wait = POLL_MS;
    } else if (result.status === 0 || result.status >= 500) {
      wait = Math.min(wait * 2, MAX_PAUSE_MS);
    } else {
      say("error", reasonOf(result));
      return current;
    }
  }
}

export function attachUpload(form, messages, text) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const say = lineFor(messages, "sending");
    say("ok", text.uploading);
    try {
      const result = await postForm(form.action, form);
      if (!result.ok) {
        say("error", `${text.not_saved} ${reasonOf(result)}`);
        return;
      }
      messages.querySelector('[data-upload="sending"]')?.remove();
      button.disabled = false;
      await follow(result.body, messages, text);
    } catch {
      say("error", `${text.not_saved} ${text.no_answer}`);
    } finally {
      button.disabled = false;
    }
  });
}
