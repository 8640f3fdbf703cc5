"""Remind every coordinator of the receiving service about notices not
acknowledged within one working day (referrals/notices.py)."""

from django.core.management.base import BaseCommand

from referrals.notices import escalate_overdue_notices


class Command(BaseCommand):
    help = "Mark notices not acknowledged in time as overdue and mail the service's coordinators."

    def handle(self, *args, **options):
        count = escalate_overdue_notices()
        self.stdout.write(f"{count} notice(s) escalated.")
