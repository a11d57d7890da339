"""Cell values as surveyors type them."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from spatial.io import values

WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("-5.1196806", -5.1196806),
        ("-5,1196806", -5.1196806),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        (" 105.3 ", 105.3),
        (105, 105.0),
        ("", None),
    ],
)
def test_numbers_with_either_decimal_mark(cell, expected):
    assert values.number(cell) == expected


@pytest.mark.parametrize(
    "cell", ["nan", "inf", "-Infinity", "abc", "1_000", "1,2,3", True]
)
def test_what_is_not_a_number(cell):
    with pytest.raises(ValueError, match="is not a"):
        values.number(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("ya", True), ("Tidak", False), ("tidak ada", False), ("1", True), ("TRUE", True)],
)
def test_yes_and_no_in_two_languages(cell, expected):
    assert values.boolean(cell) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-03-01", date(2022, 3, 1)),
        ("01/03/2022", date(2022, 3, 1)),
        ("1-3-22", date(2022, 3, 1)),
        ("1 Maret 2022", date(2022, 3, 1)),
        ("2022-03-01T08:00:00+07:00", date(2022, 3, 1)),
        (datetime(2022, 3, 1, 8), date(2022, 3, 1)),
    ],
)
def test_dates_are_day_first(cell, expected):
    assert values.day(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-03-01T01:00:00Z", datetime(2022, 3, 1, 1, tzinfo=UTC)),
        ("2022-03-01 08:00", datetime(2022, 3, 1, 8, tzinfo=WIB)),
        ("01/03/2022 08.30", datetime(2022, 3, 1, 8, 30, tzinfo=WIB)),
    ],
)
def test_times_without_an_offset_are_local(cell, expected, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    assert values.moment(cell) == expected


def test_text_longer_than_the_field_is_refused():
    with pytest.raises(ValueError, match="is longer than 5 characters"):
        values.text("Bambang", max_length=5)
