"""The kelurahan map's search (/peta/cari/): what each role finds, how a hit
is told apart from its namesakes, and a list cut at its limit says so."""

import pytest
from django.urls import reverse

from mapui.search import LIMIT
from spatial.models import PersonalDataAccess
from tests.factories import HouseholdFactory, RTFactory, RWFactory, utm_box

pytestmark = pytest.mark.django_db


def search(client, user, q):
    client.force_login(user)
    response = client.get(reverse("map-search"), {"q": q})
    assert response.status_code == 200
    return response.json()


def test_namesakes_are_told_apart_by_number_and_rt(client, users, rt, kelurahan):
    rw2 = RWFactory(kelurahan=kelurahan, number=2, geom=utm_box(1000, 0, 2000, 1000))
    rt2 = RTFactory(rw=rw2, number=3, geom=utm_box(1000, 0, 1500, 500))
    first = HouseholdFactory(rt=rt, head_name="Yusuf Efendi")
    second = HouseholdFactory(rt=rt2, head_name="Yusuf Efendi")
    found = search(client, users["lurah"], "yusuf")
    assert [(h["id"], h["label"], h["where"]) for h in found["results"]] == [
        (first.pk, "Yusuf Efendi", f"#{first.pk} · RT 001/RW 001"),
        (second.pk, "Yusuf Efendi", f"#{second.pk} · RT 003/RW 002"),
    ]
    assert found["truncated"] is False
    # Names are personal data: the read is logged.
    assert PersonalDataAccess.objects.filter(user=users["lurah"]).exists()


def test_a_surveyor_does_not_find_households_by_name(client, users, rt):
    HouseholdFactory(rt=rt, head_name="Yusuf Efendi")
    assert search(client, users["surveyor"], "yusuf")["results"] == []


def test_a_list_cut_at_its_limit_says_so(client, users, kelurahan):
    rt = RTFactory(
        rw=RWFactory(kelurahan=kelurahan, number=1, geom=utm_box(0, 0, 1000, 1000)),
        number=1,
        geom=utm_box(0, 0, 1000, 1000),
    )
    HouseholdFactory.create_batch(LIMIT + 1, rt=rt, dasawisma="Dasawisma Melati")
    found = search(client, users["lurah"], "melati")
    assert len(found["results"]) == LIMIT
    assert found["truncated"] is True
    assert {h["matched"] for h in found["results"]} == {"dasawisma"}
