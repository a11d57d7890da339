"""How a survey file fills waste points: TPS, bank sampah and the like, and
reported illegal dumping or burning spots, with the names surveyors use."""

from django.utils.translation import gettext as _

from spatial.io import values
from spatial.layers.survey import SurveyField, SurveyLayer

from .models import REPORTED_KINDS, Kind, Status, WastePoint

KIND_WORDS = {
    Kind.TPS: ["tps", "tempat penampungan sementara", "depo"],
    Kind.TPS3R: ["tps3r", "tps 3r"],
    Kind.TPST: ["tpst", "tempat pengolahan sampah terpadu"],
    Kind.BANK_SAMPAH: ["bank sampah", "banksampah"],
    Kind.COMPOSTING: ["komposter", "rumah kompos", "kompos", "pengomposan"],
    Kind.ILLEGAL_DUMPING: [
        "sampah liar",
        "titik sampah liar",
        "tps liar",
        "pembuangan liar",
        "illegal dumping",
    ],
    Kind.OPEN_BURNING: [
        "pembakaran",
        "pembakaran sampah",
        "bakar sampah",
        "titik pembakaran",
        "open burning",
    ],
    Kind.OTHER: ["lainnya", "lain lain", "lain"],
}
STATUS_WORDS = {
    Status.ACTIVE: ["aktif", "beroperasi"],
    Status.INACTIVE: ["tidak aktif", "nonaktif", "non aktif", "tutup"],
    Status.REPORTED: ["dilaporkan", "laporan", "baru"],
    Status.VERIFIED: ["terverifikasi", "diverifikasi"],
    Status.CLEARED: ["dibersihkan", "bersih", "selesai", "sudah dibersihkan"],
}


def text_of(name):
    max_length = WastePoint._meta.get_field(name).max_length or 10_000
    return values.text_parser(max_length)


def capacity(value):
    result = values.number(value)
    if result is not None and result < 0:
        raise ValueError(_("%(value)r m³ is a negative capacity") % {"value": value})
    return result


def default_status(kind):
    """What a new record of ``kind`` starts as: a reported spot, or an active
    facility."""
    return Status.REPORTED if kind in REPORTED_KINDS else Status.ACTIVE


def check_row(row):
    completed = {"status": row["status"] or default_status(row["kind"])}
    point = WastePoint(**(row | completed))
    point._check_status_fits_kind()
    point._check_dates()
    return completed


def user_values(*, uploader, committer):
    """Who brought the points in, and who wrote them (the lurah committing a
    surveyor's upload)."""
    return {"created_by": uploader or committer, "updated_by": committer}


LAYER = SurveyLayer(
    name="waste_points",
    model=WastePoint,
    fields=(
        SurveyField(
            "name",
            ("name", "nama", "nama_lokasi", "nama_tempat", "nama_titik"),
            text_of("name"),
        ),
        SurveyField(
            "kind",
            (
                "kind",
                "jenis",
                "jenis_titik",
                "jenis_lokasi",
                "kategori",
                "tipe",
                "type",
            ),
            values.choice_parser(Kind, KIND_WORDS),
            required=True,
            repeats=True,
            choices=True,
        ),
        SurveyField(
            "status",
            ("status", "kondisi", "keadaan"),
            values.choice_parser(Status, STATUS_WORDS),
            repeats=True,
            choices=True,
        ),
        SurveyField(
            "capacity_m3",
            ("capacity_m3", "kapasitas", "kapasitas_m3", "capacity"),
            capacity,
            repeats=True,
        ),
        SurveyField(
            "operator",
            ("operator", "pengelola", "pengelola_tps"),
            text_of("operator"),
            repeats=True,
        ),
        SurveyField(
            "collection_schedule",
            ("collection_schedule", "jadwal", "jadwal_angkut", "jadwal_pengangkutan"),
            text_of("collection_schedule"),
            repeats=True,
        ),
        SurveyField(
            "reported_on",
            ("reported_on", "tanggal_lapor", "tanggal_laporan", "dilaporkan"),
            values.day,
            repeats=True,
        ),
        SurveyField(
            "cleared_on",
            ("cleared_on", "tanggal_dibersihkan", "dibersihkan"),
            values.day,
            repeats=True,
        ),
        SurveyField(
            "notes",
            ("notes", "catatan", "keterangan", "description", "desc", "cmt"),
            text_of("notes"),
        ),
    ),
    check_fields=("kind", "status", "reported_on", "cleared_on"),
    check_row=check_row,
    user_values=user_values,
)
