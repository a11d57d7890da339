"""How a survey file fills households: the column names surveyors use (our own
export, English, Indonesian, KoboToolbox question names) and how each value is
read. The survey import (surveys.services) does the rest."""

import re

import pyarrow.compute as pc
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spatial.io import plain, values
from spatial.layers.survey import GEOPOINT, RowWarning, SurveyField, SurveyLayer
from spatial.models import Role
from spatial.permissions import role_of

from .models import GpsSource, Household, Latrine, WasteDisposal
from .validators import validate_no_kk

# Our export joins several No. KK with ";" or "|"; people use commas and
# spaces; a Python or JSON list turns up too.
KK_SEPARATORS = re.compile(r"[;|,\s\[\]'\"]+")
# Excel shows a 16-digit number as 1,87201E+15 and keeps only 15 digits.
SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
RT_RW = re.compile(r"RT\D*(\d+)\s*/\s*RW\D*(\d+)", re.IGNORECASE)

DISPOSAL_WORDS = {
    WasteDisposal.COLLECTED: [
        "diangkut",
        "diangkut petugas",
        "diambil petugas",
        "petugas",
        "dikumpulkan",
        "tps",
    ],
    WasteDisposal.BANK_SAMPAH: ["bank sampah", "banksampah"],
    WasteDisposal.COMPOSTED: ["kompos", "dikompos", "komposting", "dijadikan kompos"],
    WasteDisposal.BURNED: ["dibakar", "bakar"],
    WasteDisposal.BURIED: ["ditimbun", "dikubur", "timbun", "kubur"],
    WasteDisposal.DUMPED_LAND: [
        "dibuang ke lahan",
        "buang ke lahan",
        "lahan kosong",
        "dibuang sembarangan",
        "sembarangan",
    ],
    WasteDisposal.DUMPED_RIVER: ["dibuang ke sungai", "buang ke sungai", "sungai"],
}
LATRINE_WORDS = {
    Latrine.OWN: ["sendiri", "milik sendiri", "jamban sendiri", "pribadi"],
    Latrine.SHARED: ["bersama", "umum", "jamban bersama", "numpang", "mck umum"],
    Latrine.NONE: ["tidak ada", "tidak punya", "bab sembarangan", "open defecation"],
}
SOURCE_WORDS = {
    GpsSource.PHONE: ["hp", "ponsel", "handphone", "smartphone"],
    GpsSource.GPS_UNIT: ["gps", "garmin"],
    GpsSource.MAP: ["peta"],
    GpsSource.IMPORT: ["impor", "file"],
}


def text_of(name):
    max_length = Household._meta.get_field(name).max_length
    return values.text_parser(max_length)


def kk_numbers(value):
    """No. KK as a list, each checked like the model's field."""
    if values.is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = str(value).strip().lstrip("'")
    if len(text) == 16 and text.isdigit():  # one number, as most rows have
        return [_checked(text)]
    if SCIENTIFIC.match(text):
        raise ValueError(
            _(
                "No. KK %(value)s was turned into a number by the spreadsheet; "
                "format the column as text and type it again"
            )
            % {"value": text}
        )
    numbers = list(dict.fromkeys(n for n in KK_SEPARATORS.split(text) if n))
    size = Household._meta.get_field("kk_numbers").size
    if len(numbers) > size:
        raise ValueError(
            _("%(n)d No. KK is more than the %(max)d a household may have")
            % {"n": len(numbers), "max": size}
        )
    return [_checked(number) for number in numbers]


# A No. KK as most rows carry it: 16 digits from a province code (11-99), not
# a placeholder of one digit repeated; such a cell goes to COPY unparsed
# (spatial.io.plain), as what kk_numbers makes of it.
kk_numbers.plain = lambda column: plain.matching(
    column,
    r"^(1[1-9]|[2-9][0-9])[0-9]{14}$",
    excluded=[str(d) * 16 for d in range(10)],
)
kk_numbers.plain_copy = lambda column: pc.binary_join_element_wise("{", column, "}", "")


def _checked(number):
    try:
        validate_no_kk(number)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None
    return number


def members(value):
    count = values.whole_number(value)
    if count is not None and not 1 <= count <= 100:
        raise ValueError(
            _("%(value)r members: a household has 1 to 100") % {"value": value}
        )
    return count


def unit_number(value):
    """An RT or RW number ("3", "003"); "RT 003/RW 001", as our export writes
    the RT, gives both as a pair (check_row takes it apart)."""
    if values.is_blank(value):
        return None
    match = RT_RW.search(str(value))
    if match:
        return int(match.group(1)), int(match.group(2))
    number = values.whole_number(value)
    if not 0 < number < 1000:
        raise ValueError(_("%(value)r is not an RT/RW number") % {"value": value})
    return number


def check_row(row):
    completed = {}
    written = row["reported_rt"]
    if isinstance(written, tuple):
        completed["reported_rt"], rw = written
        completed["reported_rw"] = row["reported_rw"] or rw
    if row["last_desludged"] and row["septic_tank"] is False:
        Household(**(row | completed))._check_desludging_needs_tank()
    return completed


def defaults(source_format, mapped):
    """Where the locations come from: a GPX from a GPS unit; a table with a
    geopoint or its accuracy from a phone app (KoboToolbox, ODK, QField)."""
    if source_format == "gpx":
        return {"gps_source": GpsSource.GPS_UNIT}
    if mapped & {GEOPOINT, "gps_accuracy_m"}:
        return {"gps_source": GpsSource.PHONE}
    return {"gps_source": GpsSource.IMPORT}


def user_values(*, uploader, committer):
    """The uploader is the surveyor when they are one (also when the lurah
    commits their upload); a lurah or admin uploading a cadre's file is not."""
    return {"surveyor": uploader if role_of(uploader) == Role.SURVEYOR else None}


RT_MISMATCH_SQL = """CASE WHEN s.reported_rt IS NULL AND s.reported_rw IS NULL
    THEN false
    ELSE s.reported_rt IS DISTINCT FROM r.number
         OR s.reported_rw IS DISTINCT FROM w.number END"""


def rt_differs(rt, rw, map_rt, map_rw):
    return _(
        "written as RT %(rt)s/RW %(rw)s, but the point lies in RT %(map_rt)03d/RW "
        "%(map_rw)03d; imported with the map's RT and marked for checking"
    ) % {
        "rt": "?" if rt is None else f"{rt:03d}",
        "rw": "?" if rw is None else f"{rw:03d}",
        "map_rt": map_rt,
        "map_rw": map_rw,
    }


LAYER = SurveyLayer(
    name="households",
    model=Household,
    fields=(
        SurveyField(
            "head_name",
            (
                "head_name",
                "kepala_keluarga",
                "nama_kepala_keluarga",
                "nama_kk",
                "nama_kepala",
                "kk_name",
                "nama",
                "name",
            ),
            text_of("head_name"),
            required=True,
        ),
        SurveyField(
            "kk_numbers",
            (
                "kk_numbers",
                "no_kk",
                "nomor_kk",
                "nomor_kartu_keluarga",
                "no_kartu_keluarga",
                "kk",
            ),
            kk_numbers,
        ),
        SurveyField(
            "members",
            (
                "members",
                "jumlah_anggota",
                "jumlah_anggota_keluarga",
                "anggota_keluarga",
                "jml_anggota",
                "anggota",
                "jumlah_jiwa",
            ),
            members,
            repeats=True,
        ),
        SurveyField(
            "dasawisma",
            ("dasawisma", "kelompok_dasawisma", "dawis"),
            text_of("dasawisma"),
            repeats=True,
        ),
        SurveyField(
            "address", ("address", "alamat", "alamat_rumah"), text_of("address")
        ),
        SurveyField(
            "waste_sorted",
            ("waste_sorted", "pilah_sampah", "memilah_sampah", "sampah_dipilah"),
            values.boolean,
            repeats=True,
        ),
        SurveyField(
            "waste_disposal",
            (
                "waste_disposal",
                "cara_buang",
                "cara_buang_sampah",
                "pembuangan_sampah",
                "cara_pembuangan_sampah",
            ),
            values.choice_parser(WasteDisposal, DISPOSAL_WORDS),
            repeats=True,
            choices=True,
        ),
        SurveyField(
            "latrine",
            ("latrine", "jamban", "jenis_jamban", "kepemilikan_jamban"),
            values.choice_parser(Latrine, LATRINE_WORDS),
            repeats=True,
            choices=True,
        ),
        SurveyField(
            "septic_tank",
            ("septic_tank", "tangki_septik", "septic", "septik_tank", "septiktank"),
            values.boolean,
            repeats=True,
        ),
        SurveyField(
            "last_desludged",
            (
                "last_desludged",
                "sedot_tinja_terakhir",
                "terakhir_sedot",
                "tanggal_sedot_tinja",
                "tgl_sedot",
            ),
            values.day,
            repeats=True,
        ),
        SurveyField(
            "survey_date",
            (
                "survey_date",
                "tanggal_survei",
                "tanggal_survey",
                "tgl_survei",
                "tanggal",
                "today",
            ),
            values.day,
            repeats=True,
        ),
        SurveyField(
            "reported_rt",
            ("reported_rt", "rt", "no_rt", "nomor_rt"),
            unit_number,
            repeats=True,
        ),
        SurveyField(
            "reported_rw",
            ("reported_rw", "rw", "no_rw", "nomor_rw"),
            unit_number,
            repeats=True,
        ),
        SurveyField(
            "gps_source",
            ("gps_source", "sumber_lokasi"),
            values.choice_parser(GpsSource, SOURCE_WORDS),
            repeats=True,
            choices=True,
        ),
    ),
    check_fields=("septic_tank", "last_desludged", "reported_rt", "reported_rw"),
    check_row=check_row,
    defaults=defaults,
    derived_sql={"rt_mismatch": RT_MISMATCH_SQL},
    user_values=user_values,
    same_name="head_name",
    requires_rt=True,
    noted_defaults=("members",),
    warnings=(
        RowWarning(
            condition=RT_MISMATCH_SQL,
            values=("s.reported_rt", "s.reported_rw", "r.number", "w.number"),
            message=rt_differs,
        ),
    ),
)
