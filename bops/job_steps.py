"""What the report job (reports/) and the data-export job (privacy/) share:
a worker takes the job, writes its progress, stores the PDF or fails.

A model using `StoredPdfJob` has `status`, `step`, `progress`, `attempts`,
`started_at`, `finished_at`, `error` and `pdf` fields, `Status` with RUNNING,
DONE and FAILED, `Step` with STORED, and says where its work starts
(`FIRST_STEP`, `FIRST_PROGRESS`) and where its PDF is stored (`pdf_path()`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone


class StoredPdfJob:
    FIRST_STEP: str
    FIRST_PROGRESS: int
    #: Each job model's own method: where its PDF is stored.
    pdf_path: Callable[[], str]

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def begin(self) -> None:
        """A worker takes the job (again, after a lost worker)."""
        self.status = self.Status.RUNNING
        self.step = self.FIRST_STEP
        self.progress = self.FIRST_PROGRESS
        self.attempts += 1
        self.started_at = timezone.now()
        self.save(update_fields=["status", "step", "progress", "attempts", "started_at"])

    def advance(self, step: str, progress: int) -> None:
        """Progress is written at once (outside any transaction) so the page sees it."""
        type(self).objects.filter(pk=self.pk).update(step=step, progress=progress)
        self.step, self.progress = step, progress

    def finish(self, content: bytes) -> None:
        """Store the PDF under the job's own name (a file left by a lost worker
        is replaced, so there is one PDF) and mark the job done."""
        name = self.pdf_path()
        storage = self.pdf.storage
        if storage.exists(name):
            storage.delete(name)
        self.pdf.save(name.rsplit("/", 1)[-1], ContentFile(content), save=False)
        self.status = self.Status.DONE
        self.step = self.Step.STORED
        self.progress = 100
        self.finished_at = timezone.now()
        self.error = ""
        self.save(update_fields=["pdf", "status", "step", "progress", "finished_at", "error"])

    def fail(self, error: str) -> None:
        self.status = self.Status.FAILED
        self.finished_at = timezone.now()
        self.error = error[:200]
        self.save(update_fields=["status", "finished_at", "error"])
