"""The council report in the browser: a period form that starts a job, the
job's page while the report is made, and the stored PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bops import access
from reports.forms import PeriodForm, recent_periods
from reports.jobs import start_council_report
from reports.models import ReportJob, councils_for, may_read_council_report

REPORT_PARAMETERS = ("from", "to", "year", "quarter")
FINISHED_LISTED = 20

__all__ = ["council_report", "job_detail", "job_pdf", "may_read_council_report"]


@login_required
def council_report(request):
    """Without a period: the form and the finished reports. With a valid period:
    the report's job is started (or joined) and its page answers at once. With a
    bad one: the form again with its field errors (400)."""
    if not may_read_council_report(request.user):
        raise PermissionDenied
    finished = (
        ReportJob.objects.for_user(request.user)
        .finished()
        .select_related("council")[:FINISHED_LISTED]
    )
    scope = {
        "councils": councils_for(request.user),
        "everywhere": access.is_superuser(request.user),
    }
    context = {"finished": finished, "recent_periods": recent_periods()}
    if not any(request.GET.get(name) for name in REPORT_PARAMETERS):
        return render(
            request, "reports/council_form.html", {"form": PeriodForm(**scope), **context}
        )
    form = PeriodForm(request.GET, **scope)
    if not form.is_valid():
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(form.errors.get_json_data(), status=400)
        return render(request, "reports/council_form.html", {"form": form, **context}, status=400)
    job, _created = start_council_report(
        form.period,
        form.cleaned_data["language"],
        council=form.cleaned_data["council"],
        by=request.user,
    )
    return redirect("reports:job", pk=job.pk)


def _pdf_url(job: ReportJob) -> str | None:
    return reverse("reports:job_pdf", args=[job.pk]) if job.status == job.Status.DONE else None


@login_required
def job_detail(request, pk: int):
    """The job's progress; the page reloads itself (meta refresh, no script)
    until the job is done. `Accept: application/json` gives status, progress
    and the PDF's address."""
    job = get_object_or_404(
        ReportJob.objects.for_user(request.user).select_related("council"), pk=pk
    )
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"status": job.status, "progress": job.progress, "pdf_url": _pdf_url(job)}
        )
    else:
        steps = [
            (value, label, _step_state(job, value))
            for value, label in ReportJob.Step.choices
            if value in (ReportJob.Step.FIGURES, ReportJob.Step.CHARTS, ReportJob.Step.PDF)
        ]
        response = render(
            request,
            "reports/job.html",
            {"job": job, "steps": steps, "pdf_url": _pdf_url(job), "refresh": not job.finished},
        )
    response["Cache-Control"] = "private, no-store"
    return response


_ORDER = [ReportJob.Step.WAITING, ReportJob.Step.FIGURES, ReportJob.Step.CHARTS,
          ReportJob.Step.PDF, ReportJob.Step.STORED]  # fmt: skip


def _step_state(job: ReportJob, step: str) -> str:
    """done, current or todo: what the page shows beside each step."""
    if job.status == job.Status.DONE:
        return "done"
    here, there = _ORDER.index(job.step), _ORDER.index(step)
    if there < here:
        return "done"
    return "current" if there == here and job.status == job.Status.RUNNING else "todo"


@login_required
def job_pdf(request, pk: int):
    """The stored PDF, only to those who may read the council report."""
    job = get_object_or_404(ReportJob.objects.for_user(request.user), pk=pk)
    if job.status != job.Status.DONE or not job.pdf:
        raise Http404
    response = FileResponse(job.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
