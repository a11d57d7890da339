// Requests to the rasters endpoints with the CSRF token; answers as JSON.

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

async function answer(response) {
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: `HTTP ${response.status}` };
  }
  return { ok: response.ok, status: response.status, body };
}

export async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  return answer(response);
}

export async function postJSON(url, body = {}) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
  return answer(response);
}

export async function postForm(url, form) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: new FormData(form),
  });
  return answer(response);
}

// The reason a refusal gives, with each detail's message: always as text.
export function reasonOf(result) {
  const body = result.body || {};
  // DRF's own refusals (a missing CSRF cookie, a signed-out session) say "detail".
  const parts = [body.message || body.detail || `HTTP ${result.status}`];
  for (const detail of body.details || []) {
    if (detail.message && detail.message !== body.message) parts.push(detail.message);
  }
  return parts.join(" ");
}

export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}
