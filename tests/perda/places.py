"""Crafted records for the Perda tests, placed in metres from the corner of
the shared ``kelurahan`` fixture (a 2 km square, tests.factories.X0/Y0 in
UTM 48S)."""

from datetime import timedelta

from perda.services import today
from tests.factories import (
    HouseholdFactory,
    IdlePlotFactory,
    WastePointFactory,
    utm_box,
    utm_point,
)
from waste.models import Kind, Status


def days_ago(n):
    return today() - timedelta(days=n)


def households(rt, n, *, at=(100, 100), **fields):
    fields.setdefault("survey_date", days_ago(30))
    return [
        HouseholdFactory(rt=rt, geom=utm_point(at[0] + i, at[1]), **fields)
        for i in range(n)
    ]


def facility(kelurahan, x, y, kind=Kind.TPS, status=Status.ACTIVE, **fields):
    return WastePointFactory(
        kelurahan=kelurahan, geom=utm_point(x, y), kind=kind, status=status, **fields
    )


def spot(
    rt,
    *,
    reported_days_ago,
    at=(200, 200),
    status=Status.REPORTED,
    kind=Kind.ILLEGAL_DUMPING,
    **fields,
):
    return WastePointFactory(
        kelurahan=rt.rw.kelurahan,
        rt=rt,
        geom=utm_point(*at),
        kind=kind,
        status=status,
        reported_on=days_ago(reported_days_ago),
        **fields,
    )


def plot(rt, *, box=(100, 100, 150, 140), status="reported", created_days_ago=0):
    from landuse.models import IdlePlot

    made = IdlePlotFactory(
        kelurahan=rt.rw.kelurahan, rt=rt, geom=utm_box(*box), status=status
    )
    if created_days_ago:
        from datetime import datetime, time
        from zoneinfo import ZoneInfo

        at = datetime.combine(
            days_ago(created_days_ago), time(9), tzinfo=ZoneInfo("Asia/Jakarta")
        )
        IdlePlot.objects.filter(pk=made.pk).update(created_at=at)
    return made
