"""Anonymise a person who has left the service (see privacy/anonymise.py).

Without --confirm it only says what would happen."""

from django.core.management.base import BaseCommand, CommandError

from municipalities.models import ServiceUser
from privacy.anonymise import AnonymisationRefused, anonymise, blockers
from privacy.related import relations_to


class Command(BaseCommand):
    help = "Remove the identity of a service user who has left, keeping the statistics."

    def add_arguments(self, parser):
        parser.add_argument("pk", type=int, help="The service user's id.")
        parser.add_argument(
            "--confirm", action="store_true", help="Do it (otherwise only a dry run)."
        )

    def handle(self, *args, pk, confirm, **options):
        try:
            person = ServiceUser.objects.get(pk=pk)
        except ServiceUser.DoesNotExist as exc:
            raise CommandError(f"No service user with id {pk}.") from exc
        reasons = blockers(person)
        if reasons:
            raise CommandError(f"Service user {pk} cannot be anonymised: {' '.join(reasons)}")
        if not confirm:
            related = ", ".join(
                f"{r.model._meta.label} ({r.rows_for(person).count()})"
                for r in relations_to(ServiceUser)
            )
            self.stdout.write(
                f"Dry run: service user {pk} would be anonymised "
                f"(name, identity number, next of kin, birth date, free text in: {related}). "
                "Run again with --confirm to do it."
            )
            return
        try:
            changed = anonymise(person)
        except AnonymisationRefused as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{label}: {count}" for label, count in sorted(changed.items()))
        self.stdout.write(self.style.SUCCESS(f"Service user {pk} anonymised ({summary})."))
