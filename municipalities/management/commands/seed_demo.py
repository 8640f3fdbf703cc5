"""python manage.py seed_demo: demo data for every app, in one transaction."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from municipalities import demo as municipalities_demo
from municipalities.hooks import demo_steps
from municipalities.models import ServiceUser

# Each app registers its demo module's `seed(stdout)` as a demo step in its
# AppConfig.ready(), with an order: later steps build on earlier ones
# (referrals need people, stays need referrals).


class Command(BaseCommand):
    help = "Create or refresh synthetic demo data. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on an installation with real people).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only when there are no service users yet (`make run` seeds once).",
        )

    def handle(self, *args, force: bool = False, if_empty: bool = False, **options):
        if if_empty and ServiceUser.objects.exists():
            self.stdout.write(
                "The database already holds service users: not seeding again "
                "(run `manage.py seed_demo` to refresh the demo data). "
                f"Demo password: {municipalities_demo.DEMO_PASSWORD}"
            )
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds synthetic demo people and logins with a shared password. "
                "It runs only with DEBUG on; use --force if you really mean it."
            )
        if not settings.BOPS_ALLOW_SYNTHETIC_IDS:
            raise CommandError(
                "The demo people have synthetic identity numbers: set BOPS_ALLOW_SYNTHETIC_IDS=1."
            )
        with transaction.atomic():
            demo_steps.call_all(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo ready at http://127.0.0.1:8000/\n"
                f"Every demo login ({', '.join(self._logins())}) "
                f"has the password: {municipalities_demo.DEMO_PASSWORD}"
            )
        )

    def _logins(self) -> list[str]:
        slugs = [m[1] for m in municipalities_demo.MUNICIPALITIES]
        return [
            "admin",
            *(f"koordinator-{slug}" for slug in slugs),
            "inntak-dps",
            "inntak-bup",
            "leiar-bops",
            "regionrad",
            "tavle-bops",
        ]
