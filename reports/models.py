"""A council report made off the request path: one job per period and language
at a time, its progress in steps, and the stored PDF."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from bops import access
from bops.job_steps import StoredPdfJob
from municipalities.models import Membership, Organisation
from reports.period import Period

# A job queued or running for longer than this has lost its task (a broker
# emptied by hand): the next request for the same report starts a new one.
STALE_AFTER = datetime.timedelta(hours=1)


def councils_for(user):
    """The councils whose report `user` may read and ask for: a council
    reader's own council, the councils whose region holds a residence the
    user leads, and every council to an administrator."""
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL, active=True)
    if access.is_superuser(user):
        return councils.order_by("name")
    read = access.organisation_ids(user, {Membership.Role.COUNCIL_READER})
    led = access.organisation_ids(user, {Membership.Role.RESIDENCE_LEAD})
    if not (read or led):
        return councils.none()  # no query: most users hold neither role
    residence_municipalities = Organisation.objects.filter(pk__in=led).values("municipality")
    return (
        councils.filter(models.Q(pk__in=read) | models.Q(catchment__in=residence_municipalities))
        .distinct()
        .order_by("name")
    )


def may_read_council_report(user) -> bool:
    """Council readers, the residence lead and administrators; nobody else."""
    if access.is_superuser(user):
        return True
    if not access.has_role(user, Membership.Role.COUNCIL_READER, Membership.Role.RESIDENCE_LEAD):
        return False  # the dashboards ask for every user: no query for most of them
    return councils_for(user).exists()


class ReportJobQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """To an administrator every job; to a council reader or residence
        lead the jobs of the councils they may read (a report holds no
        personal data, and is the same for all readers of one council); none
        to anyone else. A report of every municipality (no council) is an
        administrator's."""
        if action != "view":
            return self.none()
        if access.is_superuser(user):
            return self
        return self.filter(council__in=councils_for(user))

    def active(self):
        return self.filter(status__in=ReportJob.ACTIVE)

    def finished(self):
        return self.filter(status=ReportJob.Status.DONE).order_by("-finished_at", "-pk")


class ReportJob(StoredPdfJob, models.Model):
    """One making of the council report for a period in a language.

    `jobs.start_council_report()` gives the job already queued or running for
    the same report, or queues a new one; the task (reports/jobs.py) moves
    it through the steps and stores the PDF. A job that ran on a worker that died runs again from the
    start on another worker and ends with one PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        FIGURES = "figures", _("Figures")
        CHARTS = "charts", _("Charts")
        PDF = "pdf", _("PDF")
        STORED = "stored", _("Ready")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    council = models.ForeignKey(
        Organisation,
        verbose_name=_("council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "council"},
        help_text=_("The council whose region the report covers; empty: every municipality."),
    )
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/council/", blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    FIRST_STEP = Step.FIGURES
    FIRST_PROGRESS = 5

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same report asked for twice while it is made is one job
            # (two constraints: NULL, every municipality, is never equal to NULL).
            models.UniqueConstraint(
                fields=["council", "period_start", "period_end", "language"],
                condition=models.Q(status__in=["queued", "running"], council__isnull=False),
                name="%(app_label)s_%(class)s_unique_active",
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end", "language"],
                condition=models.Q(status__in=["queued", "running"], council__isnull=True),
                name="%(app_label)s_%(class)s_unique_active_everywhere",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y} ({self.language})"
        return f"{self.council.name} {period}" if self.council_id else period

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def filename(self) -> str:
        council = f"{slugify(self.council.name)}-" if self.council_id else ""
        return (
            f"bops-council-report-{council}"
            f"{self.period_start:%Y-%m-%d}-{self.period_end:%Y-%m-%d}.pdf"
        )

    def pdf_path(self) -> str:
        return f"reports/council/council-report-job-{self.pk}.pdf"
