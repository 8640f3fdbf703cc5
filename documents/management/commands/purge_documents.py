"""python manage.py purge_documents: remove the files of documents deleted
longer ago than BOPS_DOCUMENT_RETENTION_DAYS (daily, from cron or a
scheduler). The rows and their history stay."""

from django.core.management.base import BaseCommand

from documents.models import purge_deleted_files


class Command(BaseCommand):
    help = "Remove the files of deleted documents whose retention period has passed."

    def handle(self, *args, **options):
        removed = purge_deleted_files()
        self.stdout.write(f"Removed {removed} file(s) of deleted documents.")
