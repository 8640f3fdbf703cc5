"""Who may see which rows of each resource type: every scope starts from the
model's `for_user()`, the same as the JSON API, so an outsider gets 404 and
an empty search; the person's own record (consents, assessments, private
purchases, the referral history, the access log) only for whoever may
produce the person's export. Each scope fetches everything its builder
reads, in one query."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from bops import access
from bops.audit import AccessLog
from capacity.models import Application, Stay
from municipalities.models import IndividualPlan, Organisation, ServiceUser
from referrals.models import Referral, ReferralEvent


def privacy_people(user) -> QuerySet:
    """The people whose own record (the export, the access log) the user may
    produce: the rule of the right-of-access pages (privacy/views.py,
    `person_for_privacy`): the coordinator of the person's home
    municipality, or a superuser. An intake clinician who sees the person
    through a referral does not."""
    people = ServiceUser.objects.for_user(user, access.VIEW)
    if not access.is_superuser(user):
        people = people.filter(home_municipality__in=access.coordinator_municipality_ids(user))
    return people


def _patients(user) -> QuerySet:
    died = Stay.objects.filter(service_user=OuterRef("pk"), end_reason=Stay.EndReason.DEATH)
    return (
        ServiceUser.objects.for_user(user, access.VIEW)
        .select_related("home_municipality")
        .annotate(died=Exists(died))
    )


def _referrals(user) -> QuerySet:
    return Referral.objects.for_user(user, access.VIEW).select_related(
        "service_user", "sender", "receiver"
    )


def _stays(user) -> QuerySet:
    return Stay.objects.for_user(user, access.VIEW).select_related(
        "service_user", "place__residence__organisation"
    )


def _applications(user) -> QuerySet:
    return Application.objects.for_user(user, access.VIEW).select_related(
        "service_user", "residence__organisation"
    )


def _audit_events(user) -> QuerySet:
    return AccessLog.objects.filter(
        service_user__in=privacy_people(user).values("pk")
    ).select_related("user", "organisation")


def _own_record(model, *related):
    """Rows of the person's own record that the JSON export holds but no
    list of the JSON API shows (consents, assessments, private purchases,
    the referral history): for whoever may produce the export, so an intake
    clinician still sees only what the referral sent."""

    def rows(user) -> QuerySet:
        person = "referral__service_user" if model is ReferralEvent else "service_user"
        return model.objects.filter(
            **{f"{person}__in": privacy_people(user).values("pk")}
        ).select_related(*related)

    return rows


#: What a CarePlan or CareTeam builder reads with the plan: one query each,
#: however many plans a page holds.
CARE_PLAN_PARTS = (
    "goals__notes__author",
    "measures__responsible_organisation",
    "measures__catalogue_link__entry",
    "evaluations__by",
)
CARE_TEAM_PARTS = ("participants__organisation", "participants__user")


def plan_rows(queryset: QuerySet, parts) -> QuerySet:
    return queryset.select_related("service_user", "coordinator", "crisis_plan").prefetch_related(
        *parts
    )


def _plans(parts):
    """The plan pages' rule (IndividualPlan.objects.for_user, with the
    participants' access periods and consents and the residence's hook):
    a participant whose period has run out, or an outsider, gets 404."""

    def rows(user) -> QuerySet:
        return plan_rows(IndividualPlan.objects.for_user(user, access.VIEW), parts)

    return rows


def _organisations(user) -> QuerySet:
    # Reference data every signed-in user may read, as in the JSON API.
    return Organisation.objects.select_related("municipality")
