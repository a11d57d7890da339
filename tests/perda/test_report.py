"""The monthly report end to end: the PDF read back with pdftotext, its
versions per role, the snapshots it takes, and the months it refuses."""

import json
import subprocess
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from households.models import WasteDisposal
from perda import rules
from perda.models import Snapshot
from perda.services import today
from spatial.models import PersonalDataAccess

from .places import facility, households, plot, spot

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(kelurahan, rt, rt2):
    """RT 001 green (tidy, next to a TPS); RT 002 red (a dump open 45 days and
    every household burning, far from the TPS)."""
    households(
        rt, 6, waste_sorted=True, head_name="Sri Lestari", address="Jl. Kenari 1"
    )
    households(
        rt2,
        6,
        at=(900, 400),
        waste_sorted=False,
        waste_disposal=WasteDisposal.BURNED,
        head_name="Joko Santoso",
        address="Jl. Merpati 9",
    )
    facility(kelurahan, 120, 120)
    spot(rt2, reported_days_ago=45, at=(800, 300), name="Titik sampah Jl. Merpati")
    plot(rt2, box=(600, 100, 650, 140), created_days_ago=90)
    return kelurahan


def this_month():
    return f"{today():%Y-%m}"


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def report(tmp_path, kelurahan, *, user=None, lang="id", month=None):
    out = tmp_path / f"report-{user or 'planner'}-{lang}.pdf"
    args = ["--kelurahan", kelurahan.slug, "--month", month or this_month()]
    args += ["--out", str(out), "--lang", lang]
    if user:
        args += ["--user", user]
    call_command("perda_report", *args, stdout=StringIO())
    return pdf_text(out)


def test_the_pdf_names_the_kelurahan_its_rts_and_their_levels(tmp_path, scene, rt, rt2):
    text = report(tmp_path, scene)
    assert "Kelurahan Rejomulyo" in text
    assert rt.code in text and rt2.code in text
    assert "RT 001/RW 001" in text and "RT 002/RW 001" in text
    lines = {line.split()[1]: line for line in text.splitlines() if "RT 00" in line[:8]}
    assert "Hijau" in lines["001/RW"] and "Merah" in lines["002/RW"]
    # The rules that fired, by their Indonesian titles, never by their codes.
    one_line = " ".join(text.split())
    with translation.override("id"):
        for code in ("illegal_dump_open", "burning_high"):
            assert " ".join(str(rules.RULE_BY_CODE[code].title).split()) in one_line
            assert code not in text
    assert "Titik sampah Jl. Merpati" in text  # the planner's version lists spots
    assert "Joko Santoso" not in text and "Siti Aminah" not in text


def test_the_report_is_available_in_english(tmp_path, scene):
    text = report(tmp_path, scene, lang="en")
    assert "Monthly report of Kelurahan Rejomulyo" in text
    assert "Red" in text and "Green" in text


def test_the_lurahs_version_carries_personal_data_and_logs_it(tmp_path, scene, users):
    users["lurah"].username = "lurah-rejomulyo"
    users["lurah"].save()
    text = report(tmp_path, scene, user="lurah-rejomulyo")
    assert "Joko Santoso" in text and "Jl. Merpati 9" in text
    assert "Siti Aminah" in text  # the owner of the unverified plot
    assert "Sri Lestari" not in text  # near a TPS: not listed
    assert PersonalDataAccess.objects.filter(
        user=users["lurah"], channel="perda-report-command"
    ).exists()


def test_the_public_version_withholds_small_counts_and_records(client, scene):
    html = client.get(
        reverse("perda:report", args=[scene.slug, this_month()])
    ).content.decode()
    assert "Versi publik" in html or "Public version" in html
    assert "Titik sampah Jl. Merpati" not in html
    assert "Joko Santoso" not in html


def test_the_pdf_downloads_from_the_page(client, users, scene):
    client.force_login(users["planner"])
    response = client.get(reverse("perda:report-pdf", args=[scene.slug, this_month()]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        f"laporan-perda-rejomulyo-{this_month()}.pdf" in response["Content-Disposition"]
    )


def test_the_report_takes_the_snapshots_it_needs(tmp_path, scene):
    assert not Snapshot.objects.exists()
    report(tmp_path, scene)
    months = sorted(Snapshot.objects.values_list("month", flat=True))
    first = today().replace(day=1)
    assert months == [(first - timedelta(days=1)).replace(day=1), first]


def test_changes_since_last_month_come_from_the_snapshots(tmp_path, scene, rt2):
    """Last month's snapshot said RT 002 was green; the report says it turned
    red."""
    report(tmp_path, scene)
    last = Snapshot.objects.order_by("month").first()
    data = last.data
    for entry in data["rts"]:
        if entry["rt"] == rt2.code:
            entry["level"], entry["rules"] = "green", []
    last.data = data
    last.save()
    text = report(tmp_path, scene)
    line = next(line for line in text.splitlines() if line.startswith("RT 002/RW 001"))
    assert "Merah" in line and "Hijau →" in line


def test_a_month_in_the_future_is_refused(tmp_path, scene):
    later = today().replace(day=1) + timedelta(days=32)
    out = tmp_path / "later.pdf"
    with pytest.raises(CommandError, match="ada di masa depan"):
        call_command(
            "perda_report",
            "--kelurahan",
            scene.slug,
            "--month",
            f"{later:%Y-%m}",
            "--out",
            str(out),
        )
    assert not out.exists()
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("month", ["2026-13", "March", "2026-3-1"])
def test_a_month_that_is_not_one_is_refused(tmp_path, scene, month):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command(
            "perda_report",
            "--kelurahan",
            scene.slug,
            "--month",
            month,
            "--out",
            str(tmp_path / "x.pdf"),
        )


def test_the_page_refuses_a_future_month(client, users, scene):
    client.force_login(users["admin"])
    client.cookies.load({"django_language": "en"})
    response = client.get(reverse("perda:report", args=[scene.slug, "2999-01"]))
    assert response.status_code == 400
    assert "2999-01 is in the future" in response.content.decode()


def test_perda_snapshot_takes_every_kelurahan_and_keeps_a_complete_month(scene):
    out = StringIO()
    last = (today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    call_command("perda_snapshot", "--month", last, stdout=out)
    assert "1 taken, 0 kept" in out.getvalue()
    snap = Snapshot.objects.get()
    assert snap.as_of.strftime("%Y-%m") == last and snap.as_of.day >= 28
    assert {r["rt"] for r in snap.data["rts"]} == {rt["rt"] for rt in snap.data["rts"]}
    again = StringIO()
    call_command("perda_snapshot", "--month", last, stdout=again)
    assert "0 taken, 1 kept" in again.getvalue()
    assert Snapshot.objects.get().taken_at == snap.taken_at


def test_perda_snapshot_refuses_the_future(scene):
    with pytest.raises(CommandError, match="in the future"):
        call_command("perda_snapshot", "--month", "2999-01", stdout=StringIO())


def test_perda_status_json_contract(scene, rt, rt2):
    out = StringIO()
    call_command("perda_status", "--kelurahan", scene.slug, "--json", stdout=out)
    status = json.loads(out.getvalue())
    assert set(status) == {"kelurahan", "date", "rts", "indicators"}
    assert status["kelurahan"] == "rejomulyo"
    assert status["date"] == today().isoformat()
    assert [r["rt"] for r in status["rts"]] == [rt.code, rt2.code]
    red = status["rts"][1]
    assert set(red) == {"rt", "level", "rules", "indicators"}
    assert red["level"] == "red"
    dump = next(r for r in red["rules"] if r["code"] == "illegal_dump_open")
    assert dump == {
        "code": "illegal_dump_open",
        "level": "red",
        "value": 45,
        "threshold": 30,
        "message": dump["message"],
    }
    assert status["indicators"]["households"] == 12


def test_perda_status_for_the_city_and_a_past_date(scene, other_kelurahan):
    out = StringIO()
    day = (today() - timedelta(days=50)).isoformat()
    call_command("perda_status", "--city", "--date", day, "--json", stdout=out)
    status = json.loads(out.getvalue())
    assert status["date"] == day
    assert [k["kelurahan"] for k in status["kelurahan"]] == ["rejomulyo", "margodadi"]
    rejomulyo = status["kelurahan"][0]
    # 50 days ago the dump (reported 45 days ago) was not there yet.
    assert all(
        r["code"] != "illegal_dump_open" for rt in rejomulyo["rts"] for r in rt["rules"]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kelurahan", "atlantis"], "no kelurahan atlantis"),
        (["--kelurahan", "rejomulyo", "--date", "2999-01-01"], "in the future"),
        (["--kelurahan", "rejomulyo", "--date", "01/02/2026"], "YYYY-MM-DD"),
    ],
)
def test_perda_status_refuses_with_a_reason(scene, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("perda_status", *args, "--json", stdout=StringIO())
