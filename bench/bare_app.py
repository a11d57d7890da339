"""A WSGI application that does no work: 2 KB of bytes for any request. Served
by gunicorn exactly as the app is (bench/serving.py), it measures what HTTP on
loopback and a Python WSGI server cost before any Django code runs."""

BODY = b"\0" * 2048


def application(environ, start_response):
    start_response(
        "200 OK",
        [
            ("Content-Type", "application/octet-stream"),
            ("Content-Length", str(len(BODY))),
        ],
    )
    return [BODY]
