"""Anonymisation of a person who has left the service.

What goes: name, identity number, next of kin, the exact date of birth, and
every free-text field (TextField) on rows that point at the person, found
generically through the model _meta (so referrals, applications and stays
added by other apps are covered once installed). What stays: the row itself,
home municipality, pathway, ROP flag, plan status and dates, scores, costs
and periods — so every count and sum in the statistics stays the same.

The identity number becomes "X" plus the row id (ServiceUser.ANONYMISED_ID_PREFIX):
never all digits, so it cannot collide with a real or synthetic number and
passes validation only on a record marked `anonymised_at` (a database
constraint ties the two together). The date of birth is coarsened to 1 July
of the birth year, so age groups stay right within half a year.

Refused while something is still going on for the person. Each app says what
blocks anonymisation by registering a function `(person) -> list[str]` with
`municipalities.hooks.anonymisation_blockers` in its AppConfig.ready():
an ongoing private purchase (municipalities), an open referral (referrals),
an ongoing stay or an open application (capacity). A model may also define `anonymise_rows(cls, service_user)` to clear more
than its text fields; otherwise its TextFields are blanked.

Stored PDFs of the person's data (privacy.models.ExportJob) are deleted with
their jobs. The access log is kept unchanged: it records staff actions, and now points
at an anonymous record.
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bops.errors import Conflict
from municipalities.hooks import anonymisation_blockers
from privacy.models import ExportJob
from privacy.related import relations_to

ANONYMISED_FIRST_NAME = "Anonymisert"
REPLACEMENT_TEXT = "[anonymisert]"


class AnonymisationRefused(Conflict):
    """The person cannot be anonymised (yet); the message says why. A
    domain Conflict, so callers below privacy (the admin's action in
    municipalities) can catch it without importing privacy."""


def blockers(person) -> list[str]:
    """Why the person cannot be anonymised now (empty: they can)."""
    reasons = []
    if person.is_anonymised:
        reasons.append(_("The person is already anonymised."))
    for answer in anonymisation_blockers.call_all(person):
        reasons.extend(str(reason) for reason in answer)
    return reasons


def _text_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.TextField)]


def _clear_text(relation, person) -> int:
    fields = {f.name: ("" if f.blank else REPLACEMENT_TEXT) for f in _text_fields(relation.model)}
    if not fields:
        return 0
    return relation.rows_for(person).update(**fields)


def anonymise(person, *, now: datetime.datetime | None = None) -> dict[str, int]:
    """Anonymise `person` in one transaction; returns rows changed per model.

    Raises AnonymisationRefused (changing nothing) when `blockers()` are found.
    """
    with transaction.atomic():
        locked = type(person).objects.select_for_update().get(pk=person.pk)
        reasons = blockers(locked)
        if reasons:
            raise AnonymisationRefused(" ".join(reasons))
        changed: dict[str, int] = {}
        for relation in relations_to(type(person)):
            custom = getattr(relation.model, "anonymise_rows", None)
            count = custom(locked) if custom is not None else _clear_text(relation, locked)
            if count:
                label = relation.model._meta.label
                changed[label] = changed.get(label, 0) + count
        locked.anonymised_at = now or timezone.now()
        locked.national_id = locked.anonymised_national_id()
        locked.first_name = ANONYMISED_FIRST_NAME
        locked.last_name = locked.national_id
        locked.next_of_kin_name = ""
        locked.next_of_kin_phone = ""
        locked.birth_date = datetime.date(locked.birth_date.year, 7, 1)
        # Field rules only: clean() would re-judge the coordinator, not our business.
        locked.clean_fields()
        locked.save(
            update_fields=[
                "anonymised_at",
                "national_id",
                "first_name",
                "last_name",
                "next_of_kin_name",
                "next_of_kin_phone",
                "birth_date",
                "updated_at",
            ]
        )
        changed[type(person)._meta.label] = 1
        # Stored PDFs of the person's data go too; the files once the change holds.
        jobs = list(ExportJob.objects.filter(person=locked))
        if jobs:
            ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()
            transaction.on_commit(lambda: [job.delete_file() for job in jobs])
            changed[ExportJob._meta.label] = len(jobs)
    person.refresh_from_db()
    return changed
