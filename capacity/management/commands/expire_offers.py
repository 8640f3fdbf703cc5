"""Expire residence offers that were not answered in time, and remind the
coordinator's service of offers that run out in two working days. Celery beat
runs it daily (capacity.tasks.expire_offers); this command runs it by hand."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from capacity.services import expire_offers, remind_offers


class Command(BaseCommand):
    help = "Expire offers of a residence place whose last valid day has passed; remind of those ending soon."

    def handle(self, *args, **options):
        count = expire_offers()
        self.stdout.write(_("%(count)d offer(s) expired.") % {"count": count})
        reminded = remind_offers()
        self.stdout.write(_("%(count)d reminder(s) sent.") % {"count": reminded})
