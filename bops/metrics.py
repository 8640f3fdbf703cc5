"""/metrics in Prometheus text format, for loopback or a metrics token only.

django-prometheus counts requests by view and status, their latency
(histograms) and database queries (the database engine wrapper in settings).
BOPS adds, read at scrape time: the length of the Celery queue and the mails
waiting or sent. Capabilities add their own collectors (the report jobs:
reports/metrics.py).
"""

from __future__ import annotations

import ipaddress
import secrets

import redis
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY

from bops import health
from bops.mail import SentMail


def _from_loopback(request) -> bool:
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _has_token(request) -> bool:
    token = settings.BOPS_METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and secrets.compare_digest(offered.encode(), token.encode())


@never_cache
def export(request):
    """404 to anyone else: the public need not learn the endpoint exists.
    Behind a proxy on the same host every request comes from loopback: there,
    block /metrics at the proxy or rely on the token (docs/running-at-scale.md)."""
    if not (_has_token(request) or (_from_loopback(request) and not _forwarded(request))):
        return HttpResponseNotFound()
    return ExportToDjangoView(request)


def _forwarded(request) -> bool:
    """A request relayed by a proxy came from elsewhere, whatever its address."""
    return "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META


class QueueCollector:
    """Tasks waiting in the Celery queue, and mails queued but not yet sent."""

    def describe(self):
        """The names only: registering must not touch the database or Redis."""
        yield GaugeMetricFamily("bops_celery_queue_length", "", labels=["queue"])
        yield GaugeMetricFamily("bops_mails", "", labels=["state"])

    def collect(self):
        queue = GaugeMetricFamily(
            "bops_celery_queue_length", "Tasks waiting in the Celery queue", labels=["queue"]
        )
        if not health.in_process():
            try:
                name = "celery"
                queue.add_metric([name], health._redis().llen(name))
            except (redis.RedisError, OSError):
                pass
        yield queue
        mails = GaugeMetricFamily("bops_mails", "Mails by state", labels=["state"])
        try:
            mails.add_metric(["waiting"], SentMail.objects.filter(sent_at__isnull=True).count())
            mails.add_metric(["sent"], SentMail.objects.filter(sent_at__isnull=False).count())
        except DatabaseError:
            pass
        yield mails


_registered = False


def register_collector(collector) -> None:
    REGISTRY.register(collector)


def register_core_collectors() -> None:
    global _registered
    if not _registered:
        register_collector(QueueCollector())
        _registered = True
