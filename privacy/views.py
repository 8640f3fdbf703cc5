"""The person's right of access, for the coordinator who serves them.

Every view starts from `ServiceUser.objects.for_user(user)` and then asks for
the coordinator role in the person's home municipality (or a superuser,
privacy/access.py): an intake clinician or residence member who may see the
person through a referral does not answer access requests, and everyone else
gets 404. Each view that shows the person's data writes the access log, like
any other page showing the person. The two PDFs are made by a job
(privacy/jobs.py): asking for one answers at once with the job's page, and
downloading the stored PDF writes the access log.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation

from bops.audit import AccessLog, log_access
from privacy.access import person_for_privacy
from privacy.export import access_log_entries, person_export
from privacy.jobs import start_export
from privacy.models import ExportJob

__all__ = ["person_for_privacy"]


def _filename(person, what: str, ext: str) -> str:
    # No name in the file name: it ends up in download folders and mail.
    return f"bops-{what}-{person.pk}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def access_log(request, pk):
    person = person_for_privacy(request.user, pk)
    entries = access_log_entries(person)  # read before this view adds its own row
    log_access(request, person, AccessLog.Action.VIEW)
    return render(request, "privacy/access_log.html", {"person": person, "entries": entries})


def _start(request, pk, kind: str):
    person = person_for_privacy(request.user, pk)
    job, _created = start_export(person, kind, translation.get_language(), by=request.user)
    return redirect("privacy:export_job", pk=job.pk)


@login_required
def access_log_pdf(request, pk):
    """Starts (or joins) the job making the access log as PDF."""
    return _start(request, pk, ExportJob.Kind.ACCESS_LOG)


@login_required
def export_pdf(request, pk):
    """Starts (or joins) the job making all data about the person as PDF."""
    return _start(request, pk, ExportJob.Kind.EXPORT)


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


def _pdf_url(job: ExportJob) -> str | None:
    if job.status != job.Status.DONE:
        return None
    return reverse("privacy:export_job_pdf", args=[job.pk])


_ORDER = [ExportJob.Step.WAITING, ExportJob.Step.DATA, ExportJob.Step.PDF, ExportJob.Step.STORED]


def _step_state(job: ExportJob, step: str) -> str:
    """done, current or todo: what the page shows beside each step."""
    if job.status == job.Status.DONE:
        return "done"
    here, there = _ORDER.index(job.step), _ORDER.index(step)
    if there < here:
        return "done"
    return "current" if there == here and job.status == job.Status.RUNNING else "todo"


@login_required
def export_job(request, pk: int):
    """The job's progress; the page reloads itself (meta refresh, no script)
    until the job is done. `Accept: application/json` gives status, progress
    and the PDF's address. The page names no one: it shows no personal data."""
    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"status": job.status, "progress": job.progress, "pdf_url": _pdf_url(job)}
        )
    else:
        steps = [
            (value, label, _step_state(job, value))
            for value, label in ExportJob.Step.choices
            if value in (ExportJob.Step.DATA, ExportJob.Step.PDF)
        ]
        response = render(
            request,
            "privacy/export_job.html",
            {"job": job, "steps": steps, "pdf_url": _pdf_url(job), "refresh": not job.finished},
        )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_job_pdf(request, pk: int):
    """The stored PDF, to those who may answer the person's access request;
    the download is a look at the person's data and is logged as one."""
    job = get_object_or_404(
        ExportJob.objects.for_user(request.user).select_related("person"), pk=pk
    )
    if job.status != job.Status.DONE or not job.pdf:
        raise Http404
    log_access(request, job.person, AccessLog.Action.PDF)
    response = FileResponse(job.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "no-store"
    return response
