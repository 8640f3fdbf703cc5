"""Which routes take an object id and which model each serves, for
tests/security/test_isolation.py (its docstring says how the walk works and
how to extend these tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ID_KWARG = re.compile(r"^(pk|id|object_id|uidb64)$|_(id|pk)$")

# Routes that take an id but cannot be requested meaningfully here, and why.
EXCLUDED: dict[str, str] = {
    "password_reset_confirm": (
        "takes a user id with a one-time token; shows a password form for any "
        "value and never data about a service user"
    ),
}

# Plain views (not admin, not DRF) that take an id: which model's id.
# Keys are regular expressions matched against the full URL name.
ROUTE_MODELS: dict[str, str] = {
    # A person's data export as a job: the job page and its stored PDF.
    r"^privacy:export_job(_pdf)?$": "privacy.exportjob",
    r"^privacy:": "municipalities.serviceuser",
    r"^admin:otp_totp_totpdevice_(config|qrcode)$": "otp_totp.totpdevice",
    r"^admin:auth_user_password_change$": "auth.user",
    r"^admin:view_on_site$": "municipalities.serviceuser",
    # Only get_object(), no `model`: the class tells nothing.
    r"^municipalities:serviceuser_detail$": "municipalities.serviceuser",
    r"^municipalities:(assessment|consent|purchase)_create$": "municipalities.serviceuser",
    # get_queryset()/get_serializer_class() only.
    r"^referral-(detail|transition)$": "referrals.referral",
    # The referral and residence pages fetch their object in dispatch()/get_object().
    r"^referrals:referral_(detail|transition)$": "referrals.referral",
    r"^referrals:recommendation_answer$": "referrals.recommendation",
    r"^referrals:notice_(detail|acknowledge)$": "referrals.notice",
    r"^capacity:(board|waiting_list|occupancy|wall|waiting_list_csv|stays_csv|intake_meeting)$": "capacity.residence",
    r"^capacity:(application|offer|accept|decline_offer|decline|withdraw|admit)$": "capacity.application",
    r"^capacity:discharge$": "capacity.stay",
    # Documents: the list and upload take the parent's id; download and delete a document's.
    r"^referral-document-list$": "referrals.referral",
    r"^documents:parent_documents$": "referrals.referral",
    r"^documents:(download|delete)$": "documents.document",
    # The FHIR API: one named route per resource type (fhir_api/urls.py).
    r"^fhir:patient-(read|everything)$": "municipalities.serviceuser",
    r"^fhir:(servicerequest|task)-read$": "referrals.referral",
    r"^fhir:episodeofcare-stay-read$": "capacity.stay",
    r"^fhir:episodeofcare-application-read$": "capacity.application",
    r"^fhir:organization-read$": "municipalities.organisation",
    r"^fhir:auditevent-read$": "bops.accesslog",
    r"^fhir:episodeofcare-purchase-read$": "municipalities.privatepurchase",
    r"^fhir:consent-read$": "municipalities.consent",
    r"^fhir:observation-read$": "municipalities.assessment",
    r"^fhir:provenance-read$": "referrals.referralevent",
    r"^fhir:(careplan|careteam)-read$": "municipalities.individualplan",
    r"^reports:job(_pdf)?$": "reports.reportjob",
    # The individual plan: a new plan takes the person's id; the PDF and the
    # invitation fetch their object in get().
    r"^plans:plan_create$": "municipalities.serviceuser",
    r"^plans:plan_pdf$": "municipalities.individualplan",
    r"^plans:meeting_ics$": "municipalities.meeting",
}

# Routes that answer only with query parameters (else 400): the ones used,
# chosen so the answer holds the world's data.
ROUTE_QUERY: dict[str, str] = {
    "residence-occupancy": "from=2026-01-01&to=2026-01-31",
}

# Routes with a second, non-id part: the value used.
ROUTE_KWARGS: dict[str, dict[str, str]] = {
    # withdraw: a form the home coordinator (the sender) may open, for the control.
    "referrals:referral_transition": {"action": "withdraw"},
    "documents:parent_documents": {"parent": "referral"},
}

# Reference data every signed-in user may read (no personal data): a 200 is
# allowed, the body is still checked for the person's name and number.
PUBLIC_MODELS = {
    "municipalities.municipality",
    "municipalities.organisation",
    # The catalogue of shared measures and the cooperation agreements: public
    # knowledge for every member; they name organisations, never a person.
    "catalogue.measure",
    "catalogue.agreement",
}

# Aggregate objects without personal data that every member may read (DESIGN:
# coordinators see residence occupancy in aggregate, the council reads
# aggregates). A 200 is allowed; the body is checked for the name and number
# of every resident. Not here: capacity.place (the place board says who lives
# where, for the residence's own staff) and every model that names a person.
AGGREGATE_MODELS: dict[str, str] = {
    "capacity.residence": (
        "name, places and daily occupancy / bed-days per paying municipality: "
        "counts, never residents"
    ),
    "capacity.unit": "a named group of places (ordinary or shielded): no resident",
    "capacity.costkey": "a residence's yearly budget and cost shares: no resident",
    "reports.reportjob": (
        "a council report's period, progress and PDF: aggregates for the council "
        "readers, never a name (coordinators and intake staff get 404)"
    ),
}

# Positive control: routes where even the administrator is refused, and why.
CONTROL_REFUSED = {
    "admin:view_on_site": (404, "no model holding a person has a public page (get_absolute_url)"),
    "admin:bops_accesslog_delete": (403, "the access log is append-only"),
    "admin:referrals_referral_delete": (403, "a referral is never deleted: it is its history"),
    "capacity:admit": (403, "only the residence's own staff admit, not the person's coordinator"),
    "capacity:discharge": (403, "only the residence's own staff discharge"),
    "admin:municipalities_individualplan_delete": (
        403,
        "the plan is read only in admin: changes go through the plan pages and leave history",
    ),
    "admin:municipalities_planhistory_delete": (403, "plan history is append-only"),
    "capacity:wall": (404, "the wall screen is the residence's own, not the coordinator's"),
    "capacity:waiting_list_csv": (403, "exports of named people are for the residence's staff"),
    "capacity:stays_csv": (403, "exports of named people are for the residence's staff"),
    "capacity:intake_meeting": (403, "the intake meeting is the residence's own"),
    "admin:documents_document_delete": (403, "a document is deleted as a recorded event"),
    "admin:documents_documentevent_delete": (403, "document history is append-only"),
    "admin:municipalities_serviceuser_delete": (
        403,
        "a person is never hard-deleted, by anyone: the admin offers anonymisation",
    ),
    "admin:referrals_notice_delete": (403, "a notice is kept; it is acknowledged, not removed"),
    "admin:referrals_recommendation_delete": (403, "a recommendation is kept; it is answered"),
    "admin:otp_totp_totpdevice_config": (403, "the admin never shows a device's secret"),
    "admin:otp_totp_totpdevice_qrcode": (403, "the admin never shows a device's secret"),
}

STAFF_APPS = ("municipalities", "referrals", "capacity", "documents", "catalogue")


@dataclass
class Route:
    pattern: str
    name: str | None
    callback: object
    kwargs: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name or self.pattern


def _kwargs_of(pattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.pattern.regex.groupindex)


def walk(resolver, prefix="", namespace=None, kwargs=()):
    for entry in resolver.url_patterns:
        names = (*kwargs, *_kwargs_of(entry))
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            joined = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry, prefix + str(entry.pattern), joined, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(prefix + str(entry.pattern), name, entry.callback, names)


def id_routes() -> list[Route]:
    return [r for r in walk(get_resolver()) if any(ID_KWARG.search(k) for k in r.kwargs)]


def model_label(route: Route) -> str | None:
    """The model whose id the route takes."""
    for pattern, label in ROUTE_MODELS.items():
        if route.name and re.search(pattern, route.name):
            return label
    callback = route.callback
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model._meta.label_lower
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    queryset = getattr(view, "queryset", None)
    model = getattr(view, "model", None) or getattr(queryset, "model", None)
    if model is None:
        # A DRF viewset that builds its queryset per request: its serializer's model.
        serializer_meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
        model = getattr(serializer_meta, "model", None)
    return model._meta.label_lower if model is not None else None
