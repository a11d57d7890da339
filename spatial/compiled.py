"""SQL compiled once and kept, per process, for the reads that run the same
statement again and again (tile templates in tiles.layers, OGC pages in
ogc.features). Compiling a queryset through spatial.permissions costs 1–2 ms,
as much as a small tile's SQL.

The key must name everything the statement depends on: callers key on
``permissions.visibility_scope`` or ``permissions.read_scope``, which
tests/access/test_scopes.py proves equal exactly when the compiled SQL is."""

import threading
from collections import OrderedDict


class Statements:
    """Least recently used first out, at most ``size`` entries; safe to share
    between gunicorn's threads (building happens outside the lock, so two
    threads may build one key at once, and both results are the same)."""

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, build):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)


# Every such store, so tests can empty them all between tests.
ALL = []


def statements(size):
    store = Statements(size)
    ALL.append(store)
    return store


def clear_all():
    for store in ALL:
        store.clear()
