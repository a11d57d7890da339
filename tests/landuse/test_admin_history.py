import pytest
from django.urls import reverse

from landuse.models import IdlePlot
from spatial.models import Revision

pytestmark = pytest.mark.django_db


def form_data(plot, **changes):
    data = {
        "geom": plot.geom.geojson,
        "kelurahan": plot.kelurahan_id,
        "status": plot.status,
        "condition": plot.condition,
        "ownership": plot.ownership,
        "owner_name": plot.owner_name,
        "proposed_use": plot.proposed_use,
        "notes": plot.notes,
        "external_id": plot.external_id,
    }
    return data | changes


def test_admin_edit_is_versioned_and_in_the_plot_history(client, plot, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:landuse_idleplot_change", args=[plot.pk])
    response = client.post(url, form_data(plot, notes="diubah lewat admin"))
    assert response.status_code == 302, response.content.decode()[:2000]
    plot.refresh_from_db()
    assert (plot.notes, plot.version, plot.updated_by) == (
        "diubah lewat admin",
        2,
        admin_user,
    )
    revision = Revision.objects.get()
    assert (revision.action, revision.via, revision.version) == ("update", "admin", 2)
    assert revision.before["properties"]["notes"] == ""
    assert revision.after["properties"]["notes"] == "diubah lewat admin"


def test_admin_delete_is_recorded(client, plot, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:landuse_idleplot_delete", args=[plot.pk])
    client.post(url, {"post": "yes"})
    assert not IdlePlot.objects.exists()
    assert Revision.objects.get().action == "delete"


def test_admin_save_over_a_change_made_since_opening_is_refused(
    client, plot, admin_user
):
    """The form was opened at version 1; the lurah saved version 2 on the map
    meanwhile: the admin's save is refused and the lurah's change kept."""
    client.force_login(admin_user)
    url = reverse("admin:landuse_idleplot_change", args=[plot.pk])
    IdlePlot.objects.filter(pk=plot.pk).update(notes="dari peta", version=2)
    response = client.post(url, form_data(plot, notes="dari admin", seen_version=1))
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    plot.refresh_from_db()
    assert (plot.notes, plot.version) == ("dari peta", 2)
    fresh = client.post(url, form_data(plot, notes="dari admin", seen_version=2))
    assert fresh.status_code == 302
