"""The report jobs on /metrics: how many by status, and how long the finished
ones of the last day took."""

from __future__ import annotations

import datetime

from django.db import DatabaseError
from django.db.models import Avg, Count, F, Max
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from reports.models import ReportJob


class ReportJobCollector:
    def describe(self):
        """The names only: registering must not touch the database."""
        yield GaugeMetricFamily("bops_report_jobs", "", labels=["status"])
        yield GaugeMetricFamily("bops_report_job_seconds", "", labels=["stat"])

    def collect(self):
        jobs = GaugeMetricFamily(
            "bops_report_jobs", "Council report jobs by status", labels=["status"]
        )
        took = GaugeMetricFamily(
            "bops_report_job_seconds",
            "Run time of the report jobs finished in the last 24 hours",
            labels=["stat"],
        )
        try:
            counts = dict(
                ReportJob.objects.order_by().values_list("status").annotate(n=Count("pk"))
            )
            for status in ReportJob.Status.values:
                jobs.add_metric([status], counts.get(status, 0))
            recent = ReportJob.objects.filter(
                status=ReportJob.Status.DONE,
                finished_at__gte=timezone.now() - datetime.timedelta(days=1),
            ).aggregate(
                avg=Avg(F("finished_at") - F("started_at")),
                max=Max(F("finished_at") - F("started_at")),
            )
            for stat in ("avg", "max"):
                value = recent[stat]
                took.add_metric([stat], value.total_seconds() if value else 0.0)
        except DatabaseError:
            pass
        yield jobs
        yield took
