"""Which version of a tile a request asks for, and the rendered tiles kept.

A tile's key is its layer, z/x/y, the user's visibility scope
(spatial.permissions.visibility_scope: users who see the same features share
tiles) and the generation of every table the layer reads (tiles.models). An
edit bumps a generation, so the next request gets a new key, a new ETag and a
freshly rendered tile; older entries age out of the cache unread."""

import hashlib

from django.core.cache import caches

from spatial import permissions

from .models import Generation


def generations(layer):
    found = dict(
        Generation.objects.filter(source__in=layer.sources).values_list(
            "source", "generation"
        )
    )
    return tuple(found.get(source, 0) for source in layer.sources)


def tile_key(*, user, layer, z, x, y):
    scope = permissions.visibility_scope(user)
    generation = ".".join(str(g) for g in generations(layer))
    return f"tile:{layer.name}:{scope}:{z}/{x}/{y}:{generation}"


def etag_for(key):
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def cached_tile(key, render):
    store = caches["tiles"]
    body = store.get(key)
    if body is None:
        body = render()
        store.set(key, body, timeout=None)
    return body
