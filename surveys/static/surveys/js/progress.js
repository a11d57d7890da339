// Sends a form with XMLHttpRequest so the page can show how far the upload is,
// then polls the server for how far the import is. When the server answers,
// the browser follows its redirect (or shows the page it sent back).

const POLL_MS = 700;

function token() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
}

function show(box, label, text, fraction) {
  box.hidden = false;
  const bar = box.querySelector("progress");
  if (fraction === null) bar.removeAttribute("value");
  else bar.value = Math.round(fraction * 100);
  label.textContent = text;
}

function stageText(label, data) {
  const name = label.dataset[data.stage] || label.dataset.waiting;
  if (!data.total) return name;
  return `${name}: ${Number(data.done).toLocaleString()} / ${Number(data.total).toLocaleString()}`;
}

async function poll(url, box, label, stop) {
  while (!stop.done) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (stop.done) return;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      const data = response.ok ? await response.json() : {};
      if (data.stage) {
        const fraction = data.total ? Math.min(data.done / data.total, 1) : null;
        show(box, label, stageText(label, data), fraction);
      }
    } catch (error) {
      console.warn("progress poll failed", error);
    }
  }
}

function start(form) {
  const id = token();
  const hidden = form.querySelector('input[name="progress_token"]');
  if (hidden) hidden.value = id;
  return form.dataset.progressUrl.replace("TOKEN", id);
}

function oneAtATime() {
  // One thing at a time: a commit must not race a check of the same file.
  document
    .querySelectorAll("form[data-progress] button")
    .forEach((button) => (button.disabled = true));
}

// The browser sends the form and shows the answer; until then, the progress.
// Leaving the page stops the polling; coming back to it through the browser's
// history gives the buttons back.
export function pollWhileSubmitting(form) {
  const box = form.querySelector(".progress");
  const label = box.querySelector(".progress-label");
  const url = start(form);
  const stop = { done: false };
  show(box, label, label.dataset.waiting, null);
  poll(url, box, label, stop);
  window.addEventListener("pagehide", () => (stop.done = true), { once: true });
  // After the browser has taken the form's values, not before.
  setTimeout(oneAtATime, 0);
}

window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-progress] button").forEach((button) => (button.disabled = false));
  document.querySelectorAll("form[data-progress] .progress").forEach((box) => (box.hidden = true));
});

export function sendWithProgress(form) {
  const box = form.querySelector(".progress");
  const label = box.querySelector(".progress-label");
  const url = start(form);
  const stop = { done: false };
  const xhr = new XMLHttpRequest();
  xhr.open(form.method, form.action);
  xhr.upload.addEventListener("progress", (event) => {
    const fraction = event.lengthComputable ? event.loaded / event.total : null;
    show(box, label, label.dataset.sending, fraction);
  });
  xhr.upload.addEventListener("load", () => {
    show(box, label, label.dataset.waiting, null);
    poll(url, box, label, stop);
  });
  xhr.addEventListener("load", () => {
    stop.done = true;
    const target = new URL(xhr.responseURL || form.action, window.location.href);
    if (xhr.status < 300 && target.pathname !== new URL(form.action, window.location.href).pathname) {
      window.location.assign(target.href);
      return;
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  });
  xhr.addEventListener("error", () => {
    stop.done = true;
    form.submit();
  });
  xhr.send(new FormData(form));
  oneAtATime();
}
