"""Referral personas on top of the shared ones: `coordinator` (sender, may
act), `reader` (read-only in the sending service), `outsider` (another
municipality), and on the receiving side `intake` (DPS intake clinician) and
`intake_reader` (read-only at the DPS)."""

import pytest

from tests import factories


@pytest.fixture
def dps(home):
    return factories.dps_for(home, name="DPS Indre Sogn")


@pytest.fixture
def bup(home):
    return factories.bup_for(home, name="Sogndal BUP")


@pytest.fixture
def intake(dps):
    return factories.member_of(dps, role="intake", username="inntak", email="inntak@example.test")


@pytest.fixture
def intake_reader(dps):
    return factories.member_of(dps, role="intake", read_only=True, username="inntak-lesar")


@pytest.fixture
def consent(service_user, dps):
    return factories.ConsentFactory(service_user=service_user, organisation=dps)


@pytest.fixture
def draft(service_user, home_service, dps, coordinator, consent):
    return factories.ReferralFactory(
        service_user=service_user, sender=home_service, receiver=dps, sender_contact=coordinator
    )


@pytest.fixture
def make(service_user, home_service, dps, coordinator, intake, consent):
    """make("accepted") -> a referral from the home service to the DPS in that status."""

    def build(status, **fields):
        fields = {"service_user": service_user, "sender": home_service, "receiver": dps, **fields}
        return factories.make_referral(
            status, sender_user=coordinator, receiver_user=intake, **fields
        )

    return build
