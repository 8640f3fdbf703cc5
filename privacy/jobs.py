"""A person's data export or access log as PDF, made by a Celery job.

Choosing the PDF starts (or joins) a job and answers at once with the job's
page (/privacy/export-jobs/<id>/); a worker collects the data, renders the PDF
and stores it, writing its progress to the ExportJob row. With no broker the
job runs in the process that asks (CELERY_TASK_ALWAYS_EAGER). The access log
gets its row when the PDF is downloaded (privacy/views.py), not here: the
worker reads the data for the person who asked, who has not seen it yet.
"""

from __future__ import annotations

import datetime
import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from bops.pdf import render_pdf
from privacy.export import access_log_entries, person_export
from privacy.models import STALE_AFTER, ExportJob

logger = logging.getLogger(__name__)

TEMPLATES = {
    ExportJob.Kind.EXPORT: "privacy/export_pdf.html",
    ExportJob.Kind.ACCESS_LOG: "privacy/access_log_pdf.html",
}


def start_export(person, kind: str, language: str, *, by) -> tuple[ExportJob, bool]:
    """The job making this PDF now, or a new one, queued when the transaction
    commits. Returns (job, created)."""
    key = {"person": person, "kind": kind, "language": language, "requested_by": by}
    for _attempt in range(3):
        existing = ExportJob.objects.active().filter(**key).first()
        if existing and existing.created_at > timezone.now() - STALE_AFTER:
            return existing, False
        if existing:
            existing.fail("lost: no worker took it within an hour")
        try:
            with transaction.atomic():
                job = ExportJob.objects.create(**key)
        except IntegrityError:
            continue  # the same PDF was asked for at the same moment: join it
        # robust: a broker that is down leaves the job queued (its page says
        # so) rather than failing the request.
        transaction.on_commit(lambda job_id=job.pk: run_export_job.delay(job_id), robust=True)
        logger.info("export job queued", extra={"job_id": job.pk, "kind": kind})
        return job, True
    raise RuntimeError("could not start or find the export job")


def _context(job: ExportJob) -> dict:
    person = job.person
    context = {"person": person, "LANGUAGE_CODE": job.language}
    if job.kind == ExportJob.Kind.EXPORT:
        context["export"] = person_export(person, by=job.requested_by)
    else:
        context.update(entries=access_log_entries(person), generated_at=timezone.now())
    return context


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export_job(job_id: int) -> None:
    """Make the PDF of one job. Delivered again after a lost worker, it starts
    over; delivered after it finished, it does nothing. Log lines carry ids
    only: no name or identity number."""
    job = ExportJob.objects.select_related("person", "requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        logger.info("export job already finished", extra={"job_id": job_id})
        return
    job.begin()
    log = {"job_id": job.pk, "kind": job.kind, "attempt": job.attempts}
    logger.info("export job started", extra=log)
    started = time.perf_counter()
    try:
        with translation.override(job.language):
            context = _context(job)
            job.advance(ExportJob.Step.PDF, 50)
            content = render_pdf(TEMPLATES[job.kind], context)
        job.finish(content)
    except Exception as exc:
        job.fail(type(exc).__name__)
        logger.exception("export job failed", extra=log)
        raise
    _forget_earlier(job)
    logger.info(
        "export job done",
        extra={**log, "seconds": round(time.perf_counter() - started, 2), "bytes": len(content)},
    )


def _delete(jobs) -> int:
    count = 0
    for job in jobs:
        job.delete_file()
        job.delete()
        count += 1
    return count


def _forget_earlier(job: ExportJob) -> None:
    """A person's data at rest only as often as needed: the requester's
    earlier PDFs of the same kind go when a new one is ready."""
    earlier = ExportJob.objects.filter(
        person_id=job.person_id, kind=job.kind, requested_by_id=job.requested_by_id
    ).exclude(pk=job.pk)
    _delete(earlier.exclude(status__in=ExportJob.ACTIVE))


@shared_task
def purge_exports() -> int:
    """Stored PDFs older than BOPS_EXPORT_KEEP_DAYS, with their jobs: nightly."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.BOPS_EXPORT_KEEP_DAYS)
    count = _delete(
        ExportJob.objects.exclude(status__in=ExportJob.ACTIVE).filter(created_at__lt=cutoff)
    )
    logger.info("export jobs purged", extra={"count": count})
    return count
