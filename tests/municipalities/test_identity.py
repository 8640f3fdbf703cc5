import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from municipalities import identity
from tests.factories import synthetic_id


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
