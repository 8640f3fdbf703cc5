"""Helpers for the backup and restore drill (scripts/backup-restore-drill and
tests/bops/test_backup_restore.py): a small synthetic data set touching the
main tables, and exact row counts of every table to compare a restore with
its source (scale/table_counts.py)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from bops.audit import AccessLog
from municipalities.identity import make_synthetic
from municipalities.models import (
    Assessment,
    Consent,
    Membership,
    Municipality,
    Organisation,
    ServiceUser,
)
from referrals.models import Referral
from scale.table_counts import COUNT_ALL_TABLES_SQL, row_counts

__all__ = ["COUNT_ALL_TABLES_SQL", "row_counts", "seed_drill_data"]


def seed_drill_data(people: int = 12) -> None:
    """Synthetic data in the main tables: municipalities, organisations,
    users and memberships, service users with consents and assessments,
    referrals with their events, and access log rows."""
    User = get_user_model()
    with transaction.atomic():
        home = Municipality.objects.create(number="9901", name="Drillheim", population=2000)
        dps = Organisation.objects.create(name="Drill-DPS", kind=Organisation.Kind.DPS)
        service = Organisation.objects.create(
            name="Psykisk helse Drillheim",
            kind=Organisation.Kind.MUNICIPAL_SERVICE,
            municipality=home,
        )
        dps.catchment.add(home)
        coordinator = User.objects.create_user("drill-koordinator", password=None)
        clinician = User.objects.create_user("drill-behandlar", password=None)
        Membership.objects.create(
            user=coordinator, organisation=service, role=Membership.Role.COORDINATOR
        )
        Membership.objects.create(user=clinician, organisation=dps, role=Membership.Role.INTAKE)
        serial = 900
        for i in range(people):
            number = None
            while number is None:
                serial += 1
                number = make_synthetic(datetime.date(1980 + i, 1 + i % 12, 10), serial)
            person = ServiceUser.objects.create(
                national_id=number,
                first_name=f"Drill{i}",
                last_name="Syntetisk",
                home_municipality=home,
                coordinator=coordinator,
            )
            Consent.objects.create(
                service_user=person, organisation=dps, given_on=datetime.date(2025, 1, 1)
            )
            Assessment.objects.create(
                service_user=person,
                assessed_on=datetime.date(2025, 6, 1),
                **dict.fromkeys(Assessment.DOMAINS, 2),
            )
            referral = Referral.objects.create(
                service_user=person, sender=service, receiver=dps, reason="Drill"
            )
            referral._transition("send", by=coordinator)
            AccessLog.objects.create(
                user=coordinator,
                service_user=person,
                action=AccessLog.Action.VIEW,
                route="drill",
                organisation=service,
                role=Membership.Role.COORDINATOR,
            )
