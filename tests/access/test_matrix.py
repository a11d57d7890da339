"""Every URL pattern of the project × every role × every method answers with
the status its table expects, no response carries a personal value that the
role may not see, and none to a logged-in user may be cached. A pattern with
no row for some method fails the test, so a new endpoint cannot skip the
matrix: add its rows in tests/access/tables/ (one module per app; see
tests/access/matrix.py)."""

import copy
import importlib
import json
import pkgutil
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.access import tables
from tests.access.matrix import METHODS, ROLES, SEES_PERSONAL
from tests.access.planted import personal, plant

pytestmark = pytest.mark.django_db


def url_patterns(resolver=None, prefix=""):
    """Each route as the resolver spells it, includes joined."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def all_cases():
    cases = []
    for info in pkgutil.iter_modules(tables.__path__):
        module = importlib.import_module(f"{tables.__name__}.{info.name}")
        cases += getattr(module, "CASES", [])
        if hasattr(module, "cases"):
            cases += module.cases()
    return cases


def test_every_url_pattern_and_method_has_a_row_for_every_role():
    covered = defaultdict(set)
    for case in all_cases():
        assert set(case.expect) == set(ROLES), f"{case.pattern} {case.method}"
        covered[case.pattern].add(case.method)
    missing = [
        f"{pattern} {method}"
        for pattern in url_patterns()
        for method in METHODS
        if method not in covered.get(pattern, set())
    ]
    assert not missing, "URL patterns without a row in tests/access/tables/:\n" + (
        "\n".join(missing)
    )
    unknown = set(covered) - set(url_patterns())
    assert not unknown, f"rows for patterns that do not exist: {unknown}"


def formatted(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: formatted(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [formatted(v, ids) for v in value]
    return value


def send(client, case, ids):
    path = case.path.format(**ids)
    body = formatted(case.body, ids)
    call = getattr(client, case.method.lower())
    if case.json:
        return call(
            path,
            json.dumps(body or {}),
            content_type="application/json",
            **case.headers,
        )
    if case.method in ("GET", "DELETE"):
        return call(path, body or {}, **case.headers)
    if case.method == "POST":
        return call(path, body or {}, **case.headers)
    return call(
        path, "", content_type="application/x-www-form-urlencoded", **case.headers
    )


def content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def forbidden_values(role):
    values = []
    for kelurahan, allowed in SEES_PERSONAL.items():
        if role not in allowed:
            values += personal(kelurahan).values()
    return values


def test_every_role_gets_the_expected_status_and_no_personal_data(tmp_path):
    ids, users = plant(tmp_path)
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(users[role])
    wrong = []
    for case in all_cases():
        for role in ROLES:
            # Each request on its own: writes are rolled back, so every case
            # meets the same planted world.
            client = clients[role]
            # A logout clears the client's cookie; the session row itself
            # comes back with the rollback.
            cookies = copy.deepcopy(client.cookies)
            with transaction.atomic():
                response = send(client, case, ids)
                body = content(response)
                transaction.set_rollback(True)
            client.cookies = cookies
            expected = case.expect[role]
            if response.status_code != expected:
                wrong.append(
                    f"{case.method} {case.path.format(**ids)} as {role}: "
                    f"{response.status_code}, expected {expected}"
                )
            private = role != "anonymous" and response.status_code == 200
            if private and "no-store" not in response.get("Cache-Control", ""):
                wrong.append(
                    f"{case.method} {case.path.format(**ids)} as {role}: cacheable"
                )
            text = body.decode("utf-8", "replace")
            leaked = [v for v in forbidden_values(role) if v in text]
            if leaked:
                wrong.append(
                    f"{case.method} {case.path.format(**ids)} as {role}: "
                    f"personal data {leaked}"
                )
    assert not wrong, f"{len(wrong)} wrong:\n" + "\n".join(wrong)
