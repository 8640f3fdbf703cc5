"""Two people deciding at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from referrals.models import Referral
from referrals.rules import ConflictError, TransitionError


def _decide_at_once(pk, decisions):
    """Run each decision in its own thread (its own database connection),
    released together by a barrier. Returns the outcome of each."""
    barrier = threading.Barrier(len(decisions))
    outcomes = [None] * len(decisions)

    def run(i, decide):
        try:
            referral = Referral.objects.get(pk=pk)
            barrier.wait()
            decide(referral)
            outcomes[i] = "won"
        except (ConflictError, TransitionError) as exc:
            outcomes[i] = type(exc).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(decisions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_accept_and_reject_at_the_same_moment_has_one_winner(make, intake):
    referral = make("received")
    version = referral.version
    outcomes = _decide_at_once(
        referral.pk,
        [
            lambda r: r.accept(by=intake, version=version),
            lambda r: r.reject(by=intake, reason="other", advice="Kommunen.", version=version),
        ],
    )
    assert sorted(outcomes) == ["ConflictError", "won"]
    referral.refresh_from_db()
    assert referral.version == version + 1
    assert referral.events.filter(from_status="received").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accepts_without_a_version_still_have_one_winner(make, intake):
    referral = make("received")
    outcomes = _decide_at_once(
        referral.pk, [lambda r: r.accept(by=intake), lambda r: r.accept(by=intake)]
    )
    assert sorted(outcomes) == ["TransitionError", "won"]
    assert referral.events.filter(to_status="accepted").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_drafts_saved_at_once_leave_one_open_referral(service_user, home_service, dps):
    from django.core.exceptions import ValidationError

    from tests import factories

    barrier = threading.Barrier(2)
    outcomes = []

    def create():
        try:
            referral = factories.ReferralFactory.build(
                service_user=service_user, sender=home_service, receiver=dps
            )
            barrier.wait()
            referral.save()
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["duplicate", "saved"]
    assert Referral.objects.count() == 1
