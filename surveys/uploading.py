"""What happens to an upload before the survey service sees it: the size limit
enforced while the bytes arrive (so an oversized file never fills the disk),
and progress kept where the page can poll it."""

import re

from django.core.cache import cache
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

TOKEN = re.compile(r"^[A-Za-z0-9-]{8,64}$")
PROGRESS_SECONDS = 15 * 60


class SizeLimit(FileUploadHandler):
    """Stops reading a file past ``limit`` bytes and notes it on the request
    (``upload_too_large``) for the form to say so."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = self.file_name
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def progress_key(token):
    return f"wakuncar:survey-progress:{token}"


class CachedProgress:
    """A survey service progress callback that stores the latest step under
    the page's token. With a per-process cache the page only sees it when the
    same process answers its polls; a shared cache (Redis, database) always."""

    def __init__(self, token):
        self.key = progress_key(token) if token and TOKEN.match(token) else None

    def __call__(self, stage, done, total):
        if self.key:
            cache.set(
                self.key,
                {"stage": stage, "done": done, "total": total},
                PROGRESS_SECONDS,
            )


def progress_of(token):
    if not TOKEN.match(token or ""):
        return {}
    return cache.get(progress_key(token)) or {}
