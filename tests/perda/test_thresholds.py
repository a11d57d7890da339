"""The city admin's thresholds page: changes take effect, each is logged with
who and when, and nonsense is refused with its reason and nothing saved."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from households.models import WasteDisposal
from perda.models import Threshold, ThresholdChange
from perda.rules import DEFAULTS
from perda.services import thresholds_update
from spatial.errors import InvalidInput, NotPermitted

from .places import facility, households

pytestmark = pytest.mark.django_db
URL = reverse("perda:thresholds")


def form(**changes):
    values = {key: str(value) for key, value in DEFAULTS.items()}
    values.update({key.replace("__", "."): str(v) for key, v in changes.items()})
    return values


def level_of(kelurahan, rt):
    out = StringIO()
    call_command("perda_status", kelurahan=kelurahan.slug, json=True, stdout=out)
    status = json.loads(out.getvalue())
    return next(r for r in status["rts"] if r["rt"] == rt.code)


def test_thresholds_changed_in_the_app_change_the_result(client, users, kelurahan, rt):
    """15 % burning is yellow by default (above 10 %); with the yellow line at
    20 % the same RT is green."""
    households(rt, 3, waste_disposal=WasteDisposal.BURNED, waste_sorted=True)
    households(rt, 17, waste_disposal=WasteDisposal.COLLECTED, waste_sorted=True)
    facility(kelurahan, 120, 120)
    assert level_of(kelurahan, rt)["level"] == "yellow"
    client.force_login(users["admin"])
    response = client.post(URL, form(burning_high__yellow="20"))
    assert response.status_code == 302
    assert level_of(kelurahan, rt)["level"] == "green"
    change = ThresholdChange.objects.get()
    assert (change.key, change.old_value, change.new_value) == (
        "burning_high.yellow",
        10,
        20,
    )
    assert change.user == users["admin"]
    page = client.get(response["Location"]).content.decode()
    assert "1 ambang diubah" in page
    assert users["admin"].username in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sorting_low__red": "60"}, "must not be above"),
        ({"burning_high__red": "5"}, "must not be below"),
        ({"far_from_service__distance_m": "-100"}, "more than 0 m, not -100 m"),
        ({"no_septic__yellow": "120"}, "between 0 and 100 %, not 120 %"),
        ({"illegal_dump_open__red_days": "2.5"}, "whole number"),
        ({"far_from_service__red": "lots"}, "lots is not a number"),
    ],
    ids=["red-above-yellow", "red-below-yellow", "negative", "over-100", "days", "nan"],
)
def test_nonsense_is_refused_with_its_reason_and_nothing_saved(
    client, users, changes, message
):
    client.force_login(users["admin"])
    client.cookies.load({"django_language": "en"})
    changes = {"burning_high__yellow": "12", **changes}  # a good change beside it
    response = client.post(URL, form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&lt;", "<")
    assert not Threshold.objects.exists()
    assert not ThresholdChange.objects.exists()


def test_a_decimal_comma_is_read(users):
    thresholds_update(user=users["admin"], values={"sorting_low.yellow": "47,5"})
    assert Threshold.objects.get().value == 47.5


def test_an_unchanged_form_logs_nothing(client, users):
    client.force_login(users["admin"])
    client.post(URL, form())
    assert not ThresholdChange.objects.exists()


@pytest.mark.parametrize("who", ["lurah", "planner", "surveyor"])
def test_only_the_city_admin_changes_thresholds(client, users, who):
    client.force_login(users[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, form(sorting_low__yellow="40")).status_code == 403
    with pytest.raises(NotPermitted):
        thresholds_update(user=users[who], values={"sorting_low.yellow": 40})
    assert not Threshold.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_service_names_each_problem(users):
    with pytest.raises(InvalidInput, match="between 0 and 100") as caught:
        thresholds_update(
            user=users["admin"],
            values={"sorting_low.yellow": "101", "unknown.key": 3},
        )
    assert {d["field"] for d in caught.value.details} == {
        "sorting_low.yellow",
        "unknown.key",
    }


@pytest.mark.parametrize(
    ("language", "typed", "read"),
    [
        ("id", "1.500", 1500),
        ("id", "12,5", 12.5),
        ("id", "12.5", 12.5),
        ("id", "1.250,5", 1250.5),
        ("id", "1.500.000", 1500000),
        ("en", "1,500", 1500),
        ("en", "12.5", 12.5),
        ("en", "47,5", 47.5),
        ("en", "1.500", 1.5),
    ],
)
def test_a_threshold_is_read_as_the_page_s_language_writes_it(language, typed, read):
    """The page shows 1.500 m in Indonesian: typed back, it is 1500, not 1.5."""
    from django.utils import translation

    from perda.services import typed_number

    with translation.override(language):
        assert typed_number(typed) == read
