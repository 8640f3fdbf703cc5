"""A PDF of a person's data made off the request path: the data export or the
access log, one job per person, kind, language and requester at a time, and
the stored PDF. The job page and the PDF are for those who may answer the
person's access request (privacy/access.py), nobody else."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bops.job_steps import StoredPdfJob
from municipalities.models import ServiceUser
from privacy.access import people_for_privacy

# A job queued or running for longer than this has lost its task: the next
# request for the same PDF starts a new one.
STALE_AFTER = datetime.timedelta(hours=1)


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """The jobs about people the user answers access requests for."""
        if action != "view":
            return self.none()
        return self.filter(person__in=people_for_privacy(user).values("pk"))

    def active(self):
        return self.filter(status__in=ExportJob.ACTIVE)


class ExportJob(StoredPdfJob, models.Model):
    """One making of a person's data export or access log as PDF.

    `privacy.jobs.start_export()` gives the job already queued or running for
    the same PDF, or queues a new one; the task renders the PDF and stores it
    under the job's own name, so a job run again after a lost worker leaves
    one file. The relation to the person is hidden (`related_name="+"`): the
    job is not part of the person's data export, and anonymisation deletes it
    with its file (privacy/anonymise.py)."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("All data about the person")
        ACCESS_LOG = "access_log", _("Who accessed the data")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        DATA = "data", _("Collecting the data")
        PDF = "pdf", _("PDF")
        STORED = "stored", _("Ready")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    person = models.ForeignKey(
        ServiceUser, verbose_name=_("service user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="privacy/", blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    FIRST_STEP = Step.DATA
    FIRST_PROGRESS = 10

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export job")
        verbose_name_plural = _("data export jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same PDF asked for twice while it is made is one job.
            models.UniqueConstraint(
                fields=["person", "kind", "language", "requested_by"],
                condition=models.Q(status__in=["queued", "running"]),
                name="%(app_label)s_%(class)s_unique_active",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        # No name: job rows show up in logs and the admin.
        return f"{self.kind} {self.person_id} ({self.language})"

    @property
    def filename(self) -> str:
        # No name in the file name: it ends up in download folders and mail.
        what = "export" if self.kind == self.Kind.EXPORT else "access-log"
        made = timezone.localdate(self.finished_at or self.created_at)
        return f"bops-{what}-{self.person_id}-{made:%Y%m%d}.pdf"

    def pdf_path(self) -> str:
        return f"privacy/export-job-{self.pk}.pdf"

    def delete_file(self) -> None:
        if self.pdf:
            self.pdf.storage.delete(self.pdf.name)
