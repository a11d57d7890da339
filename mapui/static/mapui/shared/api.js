// JSON requests to our API, with the CSRF token and the version (ETag) a save
// depends on.

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export async function request(method, url, { body, version } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (version !== undefined && version !== null) headers["If-Match"] = `"${version}"`;
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let payload;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = { message: `HTTP ${response.status}` };
  }
  return {
    ok: response.ok,
    status: response.status,
    body: payload,
    version: versionOf(response.headers.get("ETag")),
  };
}

export async function fetchJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

export function versionOf(etag) {
  if (!etag) return undefined;
  return Number(etag.replace(/^W\//, "").replaceAll('"', ""));
}

export function detailUrl(listUrl, id, suffix = "") {
  return `${listUrl}${id}/${suffix ? `${suffix}/` : ""}`;
}
