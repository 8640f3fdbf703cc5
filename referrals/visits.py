"""The dashboard's record of each user's visits, which referrals/dashboards.py
reads for its news since the last visit."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from bops.formats import format_datetime
from referrals import clock


class DashboardVisit(models.Model):
    """When a user last looked at their dashboard, so it can put "decisions
    since your last visit" first.

    A visit is a run of dashboard views with no gap longer than the idle
    session timeout: within it `previous_visit_at` stays put (reloading the
    page does not make the news disappear); the first view after a longer
    gap moves `last_seen_at` into `previous_visit_at`. Kept in the database,
    not the session, because sessions end when the browser closes.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    last_seen_at = models.DateTimeField(_("last seen"))
    previous_visit_at = models.DateTimeField(_("previous visit"), null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard visit")
        verbose_name_plural = _("dashboard visits")

    def __str__(self) -> str:
        return f"{self.user_id}: {format_datetime(self.last_seen_at)}"

    @classmethod
    def record(cls, user) -> datetime.datetime | None:
        """Note this dashboard view; return the start of "since your last
        visit" (None on the very first visit)."""
        now = clock.now()
        gap = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        if connection.vendor in ("postgresql", "sqlite"):
            return cls._record_in_one_statement(user, now, now - gap)
        visit = cls.objects.filter(user=user).first()
        if visit is None:
            cls.objects.create(user=user, last_seen_at=now)
            return None
        if now - visit.last_seen_at > gap:
            visit.previous_visit_at = visit.last_seen_at
        visit.last_seen_at = now
        visit.save(update_fields=["last_seen_at", "previous_visit_at"])
        return visit.previous_visit_at

    @classmethod
    def _record_in_one_statement(cls, user, now, gap_start) -> datetime.datetime | None:
        """`record()` as one upsert: the dashboard reads and moves the visit
        with one statement instead of a SELECT and an UPDATE."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {table} AS v (user_id, last_seen_at, previous_visit_at)
                    VALUES (%s, %s, NULL)
                    ON CONFLICT (user_id) DO UPDATE SET
                        previous_visit_at = CASE WHEN v.last_seen_at < %s
                            THEN v.last_seen_at ELSE v.previous_visit_at END,
                        last_seen_at = EXCLUDED.last_seen_at
                    RETURNING previous_visit_at""",
                [
                    user.pk,
                    connection.ops.adapt_datetimefield_value(now),
                    connection.ops.adapt_datetimefield_value(gap_start),
                ],
            )
            previous = cursor.fetchone()[0]
        # SQLite gives the stored UTC text, or a naive datetime.
        if isinstance(previous, str):
            previous = parse_datetime(previous)
        if previous is not None and timezone.is_naive(previous):
            previous = timezone.make_aware(previous, datetime.UTC)
        return previous
