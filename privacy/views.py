"""The person's right of access, for the coordinator who serves them.

Every view starts from `ServiceUser.objects.for_user(user)` and then asks for
the coordinator role in the person's home municipality (or a superuser): an
intake clinician or residence member who may see the person through a
referral does not answer access requests, and everyone else gets 404.
Each view writes the access log, like any other page showing the person.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bops import access
from bops.audit import AccessLog, log_access
from bops.pdf import pdf_response
from municipalities.models import Membership, ServiceUser
from privacy.export import person_export


def person_for_privacy(user, pk) -> ServiceUser:
    """The person, if the user coordinates them (404 otherwise)."""
    people = ServiceUser.objects.for_user(user, access.VIEW).select_related("home_municipality")
    if not access.is_superuser(user):
        people = people.filter(home_municipality__in=access.coordinator_municipality_ids(user))
    try:
        return people.get(pk=pk)
    except (ServiceUser.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _filename(person, what: str, ext: str) -> str:
    # No name in the file name: it ends up in download folders and mail.
    return f"bops-{what}-{person.pk}-{timezone.localdate():%Y%m%d}.{ext}"


def _log_context(request, person) -> dict:
    roles = dict(Membership.Role.choices)
    entries = [
        {
            "at": entry.at,
            "who": entry.user.get_full_name() or entry.user.get_username(),
            "organisation": entry.organisation,
            "role": roles.get(entry.role, entry.role),
            "what": entry.get_action_display(),
            "route": entry.route,
        }
        for entry in AccessLog.objects.about(person)
    ]
    return {"person": person, "entries": entries, "generated_at": timezone.now()}


@login_required
def access_log(request, pk):
    person = person_for_privacy(request.user, pk)
    context = _log_context(request, person)  # read before this view adds its own row
    log_access(request, person, AccessLog.Action.VIEW)
    return render(request, "privacy/access_log.html", context)


@login_required
def access_log_pdf(request, pk):
    person = person_for_privacy(request.user, pk)
    context = _log_context(request, person)
    log_access(request, person, AccessLog.Action.PDF)
    return pdf_response(
        request, "privacy/access_log_pdf.html", context, _filename(person, "access-log", "pdf")
    )


@login_required
def export_json(request, pk):
    person = person_for_privacy(request.user, pk)
    data = person_export(person, by=request.user)
    log_access(request, person, AccessLog.Action.EXPORT)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(person, "export", "json")}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_pdf(request, pk):
    person = person_for_privacy(request.user, pk)
    data = person_export(person, by=request.user)
    log_access(request, person, AccessLog.Action.PDF)
    return pdf_response(
        request,
        "privacy/export_pdf.html",
        {"person": person, "export": data},
        _filename(person, "export", "pdf"),
    )
