import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from municipalities import identity
from tests.factories import synthetic_id


@pytest.fixture(autouse=True)
def english_messages():
    # The validator's messages are checked in their English source form here;
    # page tests check what a Nynorsk user reads.
    with translation.override("en"):
        yield


def test_it_reads_the_birth_date_from_a_synthetic_number():
    number = synthetic_id(datetime.date(1990, 12, 24))
    assert identity.birth_date(number) == datetime.date(1990, 12, 24)


def test_it_refuses_a_wrong_check_digit():
    number = synthetic_id()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    # Messages are Nynorsk by default; the English msgid is what this test reads.
    with translation.override("en"), pytest.raises(ValidationError, match="check digits"):
        identity.validate_national_id(wrong)


def test_it_refuses_synthetic_numbers_unless_the_setting_allows_them(settings):
    number = synthetic_id()
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True
    identity.validate_national_id(number)
    settings.BOPS_ALLOW_SYNTHETIC_IDS = False
    with translation.override("en"), pytest.raises(ValidationError, match="Synthetic"):
        identity.validate_national_id(number)


def _with_check_digits(first_nine: str) -> str:
    from stdnum.no import fodselsnummer

    k1 = fodselsnummer.calc_check_digit1(first_nine)
    k2 = fodselsnummer.calc_check_digit2(first_nine + k1)
    return first_nine + k1 + k2


def _synthetic_d_number(born: datetime.date) -> str:
    """A D-number (day + 40) on a synthetic month (+ 80), check digits computed here."""
    for serial in range(100, 200):
        first_nine = f"{born.day + 40:02d}{born.month + 80:02d}{born.year % 100:02d}{serial:03d}"
        number = _with_check_digits(first_nine)
        if len(number) == 11:  # a check digit of 10 means no valid number: try the next
            return number
    raise AssertionError("no serial gave valid check digits")


def test_it_accepts_a_valid_synthetic_number_when_the_setting_allows_it(settings):
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True
    identity.validate_national_id(synthetic_id(datetime.date(1971, 7, 3)))


def test_it_accepts_a_d_number_and_reads_the_real_day_of_birth(settings):
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True
    number = _synthetic_d_number(datetime.date(1988, 5, 17))
    identity.validate_national_id(number)
    assert identity.birth_date(number) == datetime.date(1988, 5, 17)


def test_it_refuses_a_d_number_with_a_wrong_check_digit(settings):
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True
    number = _synthetic_d_number(datetime.date(1988, 5, 17))
    wrong = number[:9] + str((int(number[9]) + 1) % 10) + number[10]
    with pytest.raises(ValidationError, match="check digits"):
        identity.validate_national_id(wrong)


@pytest.mark.parametrize("value", ["1234567890", "123456789012", "1408850a123", ""])
def test_it_refuses_anything_but_eleven_digits(value):
    with pytest.raises(ValidationError, match="11 digits"):
        identity.validate_national_id(value)


def test_it_refuses_a_birth_date_in_the_future(settings):
    settings.BOPS_ALLOW_SYNTHETIC_IDS = True
    # Serials 500-999 mean born 2000-2039, so "39" is 2039.
    number = identity.make_synthetic(datetime.date(2039, 1, 1), 1) or identity.make_synthetic(
        datetime.date(2039, 1, 1), 2
    )
    with pytest.raises(ValidationError, match="future"):
        identity.validate_national_id(number)
