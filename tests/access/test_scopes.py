"""The keys compiled statements are shared under (spatial/compiled.py):
users with the same permissions.read_scope compile the same OGC statement, and
users with the same permissions.visibility_scope the same tile statement. If a
rule in spatial.permissions starts to depend on something else, these fail
before two users share what only one may read."""

from collections import defaultdict

import pytest
from django.contrib.auth.models import AnonymousUser

from ogc.collections import all_collections
from spatial import permissions
from spatial.api import geojson
from spatial.models import Profile, Role
from tests.factories import UserFactory
from tiles import layers

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(kelurahan, other_kelurahan):
    inactive = UserFactory(role=Role.CITY_ADMIN)
    inactive.is_active = False
    inactive.save()
    superuser = UserFactory(is_superuser=True)
    lurah_no_kelurahan = UserFactory()
    Profile.objects.create(user=lurah_no_kelurahan, role=Role.LURAH)
    return {
        "anonymous": AnonymousUser(),
        "no profile": UserFactory(),
        "inactive admin": inactive,
        "superuser": superuser,
        "admin": UserFactory(role=Role.CITY_ADMIN),
        "planner": UserFactory(role=Role.PLANNER),
        "planner of a kelurahan": UserFactory(
            role=Role.PLANNER, role__kelurahan=kelurahan
        ),
        "granted planner": UserFactory(role=Role.PLANNER, role__granted=True),
        "lurah": UserFactory(role=Role.LURAH, role__kelurahan=kelurahan),
        "granted lurah": UserFactory(
            role=Role.LURAH, role__kelurahan=kelurahan, role__granted=True
        ),
        "surveyor": UserFactory(role=Role.SURVEYOR, role__kelurahan=kelurahan),
        "granted surveyor": UserFactory(
            role=Role.SURVEYOR, role__kelurahan=kelurahan, role__granted=True
        ),
        "other lurah": UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan),
        "other surveyor": UserFactory(
            role=Role.SURVEYOR, role__kelurahan=other_kelurahan
        ),
        "lurah without kelurahan": lurah_no_kelurahan,
    }


def groups(people, key):
    found = defaultdict(list)
    for name, user in people.items():
        found[key(user)].append(name)
    # Not vacuous: some keys are shared, so sharing is what is tested.
    assert any(len(names) > 1 for names in found.values()), found
    return found


def test_one_read_scope_compiles_one_ogc_statement(people):
    for names in groups(people, permissions.read_scope).values():
        for collection in all_collections():
            for srid in (None, 32748):
                compiled = {
                    name: geojson.compiled_rows(
                        collection.queryset(people[name]),
                        collection.properties(people[name]),
                        srid=srid,
                    )
                    for name in names
                }
                assert len(set(compiled.values())) == 1, (collection.id, compiled)


def test_one_visibility_scope_compiles_one_tile_statement(people):
    for names in groups(people, permissions.visibility_scope).values():
        for layer in layers.LAYERS.values():
            kinds = [(12, "cells")] if layer.aggregated else []
            for z, kind in [*kinds, (16, "features")]:
                statements = {
                    name: layers._template(people[name], layer, kind)(z, 52000, 33700)
                    for name in names
                }
                unique = {(sql, tuple(p)) for sql, p in statements.values()}
                assert len(unique) == 1, (layer.name, kind, statements)


def test_the_keys_tell_apart_who_reads_differently(people):
    scope = {name: permissions.read_scope(user) for name, user in people.items()}
    assert scope["planner"] != scope["admin"] == scope["granted planner"]
    assert scope["lurah"] != scope["surveyor"] != scope["other surveyor"]
    assert scope["anonymous"] == scope["no profile"] == scope["inactive admin"]
