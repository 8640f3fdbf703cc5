"""The council report as a Celery job: start (or join) it, run it, in steps.

The page that asks for the report answers at once with the job's page
(/reports/jobs/<id>/); a worker makes the figures, the charts and the PDF,
writing its progress to the ReportJob row as it goes. With no broker the job
runs inside the request (CELERY_TASK_ALWAYS_EAGER).
"""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bops import mail
from bops.errors import InvalidInput
from reports.forms import whole_period_message
from reports.models import STALE_AFTER, ReportJob
from reports.pdf import render_pdf
from reports.period import Period

logger = logging.getLogger(__name__)

# render_pdf's progress calls -> (step, percent). The sections are the figures;
# the page with its SVG charts is drawn at "html"; WeasyPrint runs at "pdf".
_STEPS = {
    "summary": (ReportJob.Step.FIGURES, 10),
    "residences": (ReportJob.Step.FIGURES, 20),
    "flows": (ReportJob.Step.FIGURES, 40),
    "economy": (ReportJob.Step.FIGURES, 50),
    "html": (ReportJob.Step.CHARTS, 60),
    "pdf": (ReportJob.Step.PDF, 75),
}


def start_council_report(
    period: Period, language: str, *, council=None, by=None
) -> tuple[ReportJob, bool]:
    """The job making this report (of `council`'s region; of every
    municipality without one) now, or a new one, queued when the transaction
    commits. Returns (job, created). Refuses (InvalidInput on `to`) a period
    that is not a whole month, quarter or year: however the job is started,
    no report of any other run of days is made."""
    if not period.is_whole:
        raise InvalidInput(whole_period_message(), field="to")
    key = {
        "council": council,
        "period_start": period.start,
        "period_end": period.end,
        "language": language,
    }
    for _attempt in range(3):
        existing = ReportJob.objects.active().filter(**key).first()
        if existing and existing.created_at > timezone.now() - STALE_AFTER:
            return existing, False
        if existing:
            existing.fail("lost: no worker took it within an hour")
        try:
            with transaction.atomic():
                job = ReportJob.objects.create(requested_by=by, **key)
        except IntegrityError:
            continue  # the same report was asked for at the same moment: join it
        # robust: a broker that is down leaves the job queued (and the page says
        # so) rather than failing the request.
        transaction.on_commit(lambda job_id=job.pk: run_council_report.delay(job_id), robust=True)
        logger.info("report job queued", extra={"job_id": job.pk, "period_days": period.days})
        return job, True
    raise RuntimeError("could not start or find the council report job")


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_council_report(job_id: int) -> None:
    """Make the report of one job. Delivered again after a lost worker, it
    starts over; delivered after it finished, it does nothing."""
    job = ReportJob.objects.select_related("council").filter(pk=job_id).first()
    if job is None or job.finished:
        logger.info("report job already finished", extra={"job_id": job_id})
        return
    job.begin()
    log = {"job_id": job.pk, "attempt": job.attempts}
    logger.info("report job started", extra=log)
    started = time.perf_counter()

    def progress(name: str) -> None:
        step, percent = _STEPS.get(name, (job.step, job.progress))
        if (step, percent) != (job.step, job.progress):
            job.advance(step, percent)
            logger.info("report job step", extra={**log, "step": step, "progress": percent})

    try:
        content = render_pdf(job.period, job.language, progress=progress, council=job.council)
        job.finish(content)
    except Exception as exc:
        job.fail(type(exc).__name__)
        logger.exception("report job failed", extra=log)
        raise
    logger.info(
        "report job done",
        extra={**log, "seconds": round(time.perf_counter() - started, 2), "bytes": len(content)},
    )
    _tell_requester(job)


def _tell_requester(job: ReportJob) -> None:
    """One mail to whoever asked, however often the job ran."""
    user = job.requested_by
    if not (user and user.email):
        return
    with translation.override(job.language):
        mail.send(
            f"report-job-{job.pk}-done",
            _("[BOPS] The council report %(period)s is ready") % {"period": str(job)},
            _("Open it in BOPS: %(path)s") % {"path": reverse("reports:job", args=[job.pk])},
            [user.email],
        )
