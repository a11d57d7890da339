"""A few HTTP clients hitting a live server at once, as separate browsers
would: each with its own session and CSRF cookie, on loopback only."""

import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

# Any 32 letters will do: Django compares the cookie with the header.
CSRF = "a" * 32


def session_for(user):
    """A session cookie value logged in as ``user``, without the login page."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A 302 after a saved form is the answer to check, not a page to follow.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict

    def json(self):
        return json.loads(self.body)


def send(base_url, path, *, session=None, method="GET", body=None, headers=None):
    """One request; any status comes back as a Reply (never raises on 4xx/5xx)."""
    cookies = [f"csrftoken={CSRF}"]
    if session:
        cookies.append(f"sessionid={session}")
    all_headers = {
        "Cookie": "; ".join(cookies),
        "X-CSRFToken": CSRF,
        "Referer": base_url + "/",
        **(headers or {}),
    }
    data = None
    if isinstance(body, dict | list):
        data = json.dumps(body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    elif isinstance(body, str | bytes):
        data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(
        base_url + path, data=data, method=method, headers=all_headers
    )
    try:
        with _opener.open(request, timeout=60) as response:
            return Reply(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.read(), dict(exc.headers))


def all_at_once(calls):
    """Run every zero-argument callable in its own thread, released together
    by a barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results
