import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from referrals.choices import Kind, Status
from referrals.models import Referral
from tests import factories


def test_a_second_open_referral_names_the_open_one(make, service_user, home_service, dps):
    first = make("received")
    with pytest.raises(ValidationError, match=f"#{first.pk}"):
        factories.ReferralFactory(service_user=service_user, sender=home_service, receiver=dps)
    assert Referral.objects.count() == 1


def test_a_closed_referral_does_not_block_a_new_one(make, service_user, home_service, dps):
    make("rejected")
    new = factories.ReferralFactory(service_user=service_user, sender=home_service, receiver=dps)
    assert new.status == Status.DRAFT


def test_another_kind_to_the_same_unit_is_allowed(make, service_user, home_service, dps):
    make("received")
    advice = factories.ReferralFactory(
        service_user=service_user, sender=home_service, receiver=dps, kind=Kind.ADVICE
    )
    assert advice.pk


def test_full_clean_reports_the_duplicate_too(make, service_user, home_service, dps):
    first = make("draft")
    second = Referral(service_user=service_user, sender=home_service, receiver=dps, reason="Igjen")
    with pytest.raises(ValidationError, match=f"#{first.pk}"):
        second.full_clean()


def test_the_database_refuses_a_duplicate_that_bypasses_the_model(
    make, service_user, home_service, dps
):
    first = make("draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.bulk_create(
            [
                Referral(
                    service_user=service_user,
                    sender=home_service,
                    receiver=dps,
                    kind=first.kind,
                    reason="Igjen",
                )
            ]
        )
