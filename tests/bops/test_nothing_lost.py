"""A multi-step change that fails half way leaves nothing behind: the referral
transition saves the referral, then appends its event; an error injected after
the first write must roll both back."""

import pytest

from referrals.choices import Status
from referrals.models import Referral, ReferralEvent
from tests import factories


class InjectedFailure(Exception):
    pass


@pytest.fixture
def referral(coordinator, home_service, service_user):
    dps = factories.OrganisationFactory(name="DPS Indre Sogn", kind="dps")
    return Referral.objects.create(
        service_user=service_user, sender=home_service, receiver=dps, reason="Treng vurdering"
    )


def test_a_transition_that_fails_after_saving_the_referral_changes_nothing(
    referral, coordinator, monkeypatch
):
    writes = []
    real_save = Referral.save

    def save_then_note(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        writes.append(kwargs.get("update_fields"))

    def fail_on_event(*args, **kwargs):
        assert writes, "the failure must come after the first write"
        raise InjectedFailure

    monkeypatch.setattr(Referral, "save", save_then_note)
    monkeypatch.setattr(ReferralEvent.objects, "create", fail_on_event)

    with pytest.raises(InjectedFailure):
        referral._transition("send", by=coordinator, note="halvvegs")

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == Status.DRAFT
    assert stored.version == 1
    assert not ReferralEvent.objects.filter(referral=referral).exists()


def test_the_same_transition_without_the_failure_writes_both(referral, coordinator):
    referral._transition("send", by=coordinator, note="heile vegen")
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == Status.SENT
    assert stored.version == 2
    assert ReferralEvent.objects.filter(referral=referral, to_status="sent").count() == 1
