"""The permission matrix's vocabulary: the roles, one expected status per role
for one URL pattern and method, and the helpers the tables use.

A table is a module in tests/access/tables/ with a ``CASES`` list (or a
``cases()`` function for generated rows, as the admin's). The test collects
them all and fails on any URL pattern of the project, for any method in
METHODS, that no case names: a new endpoint gets its row or the suite fails.
"""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "surveyor_a",
    "surveyor_b",
    "lurah_a",
    "lurah_b",
    "planner",
    "granted_planner",
    "admin",
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Who may read the personal fields (names, No. KK, address, plot owner) of the
# records of kelurahan A and of B: stated here from the role table in
# DOMAIN.md, not asked of spatial.permissions, which is what is under test.
SEES_PERSONAL = {
    "A": {"lurah_a", "granted_planner", "admin"},
    "B": {"lurah_b", "granted_planner", "admin"},
}


@dataclass(frozen=True)
class Case:
    """``method`` on ``path`` (formatted with the planted objects' ids), with
    the status each role must get. ``body`` goes as JSON when ``json`` else as
    a form; ``headers`` are sent as given (If-Match...)."""

    pattern: str
    path: str
    method: str
    expect: dict
    body: dict | None = None
    json: bool = False
    headers: dict = field(default_factory=dict)


def every(status):
    return dict.fromkeys(ROLES, status)


def roles(default, **statuses):
    """``default`` for every role except those named."""
    unknown = set(statuses) - set(ROLES)
    if unknown:
        raise ValueError(f"no such roles: {unknown}")
    return {**every(default), **statuses}


def methods(pattern, path, by_method, **options):
    """One Case per method of ``by_method`` ({method: expect}); a method given
    as "*" stands for every method not named."""
    rest = by_method.get("*")
    cases = []
    for method in METHODS:
        expect = by_method.get(method, rest)
        if expect is None:
            continue
        extra = options.get(method.lower(), {})
        cases.append(Case(pattern, path, method, expect, **extra))
    return cases
