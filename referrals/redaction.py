"""Anonymising a person on the referrals' side: the free text of their
referrals, recommendations and notices, and a controlled redaction of the
append-only history (referral events' notes, recommendation history's answers).

`privacy.anonymise` calls `Referral.anonymise_rows` and `Notice.anonymise_rows`
(it calls that method on every model pointing at the person); both land here.

The history stays append-only. On PostgreSQL the application role may not
UPDATE the history tables at all (`manage.py db_roles`), and their triggers
refuse every UPDATE and DELETE, with one exception: inside the function
`referrals_redact_history(person, by)` (migration 0014), which is SECURITY
DEFINER and so runs with the owner role's rights. It sets a transaction flag,
rewrites only the note (or answer) of that person's history rows to the fixed
text `REDACTED`, which the trigger checks as well, and then records one
`redaction` event on each of the person's referrals. The application role
gets EXECUTE on that function and nothing else. On SQLite (the quick start)
there are no triggers or roles and the same steps run as plain updates.
"""

from __future__ import annotations

from django.db import connection, models

from referrals.models import Referral, ReferralEvent
from referrals.notices import Notice
from referrals.recommendation_history import RecommendationEvent
from referrals.recommendations import Recommendation

#: The fixed text the redaction writes (the database function and trigger
#: use the same literal).
REDACTED = "[anonymisert]"


def _blank_or_redacted(model) -> dict:
    """Every free-text field of `model`: blank, or REDACTED where required."""
    return {
        field.name: ("" if field.blank else REDACTED)
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
    }


def redact_history(person, *, by=None) -> int:
    """Redact the notes of the person's referral events and the answers in
    their recommendations' history, and record a redaction event on each of
    their referrals. Returns how many history rows were rewritten."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT referrals_redact_history(%s, %s)",
                [person.pk, getattr(by, "pk", None)],
            )
            return cursor.fetchone()[0]
    # SQLite: no triggers and no roles; the model-level guards are bypassed
    # with a plain queryset, for these columns only.
    events = models.QuerySet(ReferralEvent).filter(referral__service_user=person)
    changed = events.exclude(note="").exclude(note=REDACTED).update(note=REDACTED)
    answers = models.QuerySet(RecommendationEvent).filter(
        recommendation__referral__service_user=person
    )
    changed += answers.exclude(response="").exclude(response=REDACTED).update(response=REDACTED)
    ReferralEvent.objects.bulk_create(
        ReferralEvent(
            referral_id=pk,
            by=by,
            from_status=status,
            to_status=status,
            kind=ReferralEvent.Kind.REDACTION,
        )
        for pk, status in Referral.objects.filter(service_user=person).values_list("pk", "status")
    )
    return changed


def anonymise_referrals(person) -> int:
    """The person's referrals, their recommendations and the history: the
    free text goes (see the module docstring). Returns rows changed."""
    referrals = Referral.objects.filter(service_user=person)
    changed = referrals.update(**_blank_or_redacted(Referral))
    items = Recommendation.objects.filter(referral__service_user=person)
    changed += items.update(text=REDACTED)
    changed += items.exclude(response="").update(response=REDACTED)
    changed += redact_history(person)
    return changed


def anonymise_notices(person) -> int:
    """The notices about the person: the note and which next of kin were told."""
    return Notice.objects.filter(service_user=person).update(note="", next_of_kin_who="")
