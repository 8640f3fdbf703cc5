"""Every model that holds rows about a person, found through the model _meta.

Nothing here names the referral or residence models: whatever app adds a
foreign key to ServiceUser is included in the export and the anonymisation
automatically once it is installed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from bops.audit import AccessLog


@dataclass(frozen=True)
class Relation:
    model: type[models.Model]
    field: str  # the foreign key on `model` that points at the parent row

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def rows_for(self, parent) -> models.QuerySet:
        # The default manager, not for_user(): the caller has already decided
        # that the user may see the person; these rows are the person's own.
        return self.model._default_manager.filter(**{self.field: parent}).order_by("pk")


def relations_to(model: type[models.Model]) -> list[Relation]:
    """The models with a foreign key to `model` (one entry per key), except the
    access log, in a stable order."""
    found = [
        Relation(rel.related_model, rel.field.name)
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one)
        and rel.related_model is not AccessLog
        and not rel.related_model._meta.auto_created
    ]
    return sorted(found, key=lambda r: (r.model._meta.label, r.field))
