"""Norwegian national identity numbers: fødselsnummer, D-number, synthetic.

Check digits and birth dates come from python-stdnum. Synthetic test numbers
(the month plus 80, as issued by the tax administration's test register) are
not in stdnum; they are accepted only when BOPS_ALLOW_SYNTHETIC_IDS is on, so
demo and test data can never collide with a real person.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

SYNTHETIC_MONTH_OFFSET = 80


def is_synthetic(number: str) -> bool:
    number = fodselsnummer.compact(number)
    return len(number) == 11 and number.isdigit() and int(number[2:4]) > SYNTHETIC_MONTH_OFFSET


def _as_real(number: str) -> str:
    """The number with the synthetic month offset removed (check digits untouched)."""
    month = int(number[2:4]) - SYNTHETIC_MONTH_OFFSET
    return f"{number[:2]}{month:02d}{number[4:]}"


def birth_date(number: str) -> datetime.date:
    number = fodselsnummer.compact(number)
    if is_synthetic(number):
        number = _as_real(number)
    return fodselsnummer.get_birth_date(number)


def validate_national_id(value: str) -> None:
    """Django validator: 11 digits, both check digits, a real birth date."""
    number = fodselsnummer.compact(value or "")
    if len(number) != 11 or not number.isdigit():
        raise ValidationError(_("An identity number has exactly 11 digits."), code="length")
    if number[9] != fodselsnummer.calc_check_digit1(number) or number[
        10
    ] != fodselsnummer.calc_check_digit2(number):
        raise ValidationError(
            _("The check digits do not match: check the identity number for typing errors."),
            code="checksum",
        )
    if is_synthetic(number) and not settings.BOPS_ALLOW_SYNTHETIC_IDS:
        raise ValidationError(
            _("Synthetic test identity numbers are not accepted in this installation."),
            code="synthetic",
        )
    try:
        born = birth_date(number)
    except StdnumError as exc:
        raise ValidationError(
            _("The identity number does not contain a valid date of birth."), code="date"
        ) from exc
    if born > datetime.date.today():
        raise ValidationError(_("The date of birth lies in the future."), code="future")


def make_synthetic(born: datetime.date, serial: int) -> str | None:
    """A synthetic identity number for a birth date and a 3-digit serial.

    Returns None when the serial gives a check digit of 10 (no valid number),
    so callers try the next serial. Used by demo data and test factories.
    """
    # Individual numbers 500-999 mean born 2000-2039; 000-499 the 1900s.
    serial = 500 + serial % 500 if born.year >= 2000 else serial % 500
    base = (
        f"{born.day:02d}{born.month + SYNTHETIC_MONTH_OFFSET:02d}{born.year % 100:02d}{serial:03d}"
    )
    k1 = fodselsnummer.calc_check_digit1(base)
    if k1 == "10":
        return None
    k2 = fodselsnummer.calc_check_digit2(base + k1)
    if k2 == "10":
        return None
    return base + k1 + k2
