"""The data-export jobs on /metrics: how many by status (a queue that does not
drain, or failures, want an alert as the report jobs do)."""

from __future__ import annotations

from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from privacy.models import ExportJob


class ExportJobCollector:
    def describe(self):
        """The name only: registering must not touch the database."""
        yield GaugeMetricFamily("bops_export_jobs", "", labels=["status"])

    def collect(self):
        jobs = GaugeMetricFamily(
            "bops_export_jobs", "Data export and access log PDF jobs by status", labels=["status"]
        )
        try:
            counts = dict(
                ExportJob.objects.order_by().values_list("status").annotate(n=Count("pk"))
            )
            for status in ExportJob.Status.values:
                jobs.add_metric([status], counts.get(status, 0))
        except DatabaseError:
            pass
        yield jobs
