"""Which kinds of record may carry documents, and how their scope and person
are found. The owning app registers its model (`register_parent`), so this
app never needs to know the plans, agreements or returns of tomorrow.

A parent model must have a default manager with `for_user(user, action)`:
a document is visible exactly when its parent is, and may be added or
deleted by those who may change the parent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Parent:
    slug: str
    model: type[models.Model]
    #: How a parent leads to its person ("service_user"), or None.
    person_field: str | None

    def person_id(self, obj) -> int | None:
        if self.person_field is None:
            return None
        target = obj
        *path, last = self.person_field.split("__")
        for step in path:
            target = getattr(target, step)
        return getattr(target, f"{last}_id")


_PARENTS: dict[str, Parent] = {}


def register_parent(slug: str, model: type[models.Model], *, person_field: str | None) -> None:
    """Let `model` carry documents. Registering again replaces the entry."""
    _PARENTS[slug] = Parent(slug, model, person_field)


def parents() -> list[Parent]:
    return list(_PARENTS.values())


def parent_by_slug(slug: str) -> Parent | None:
    return _PARENTS.get(slug)


def parent_for_model(model) -> Parent | None:
    for parent in _PARENTS.values():
        if parent.model is model or isinstance(model, parent.model):
            return parent
    return None
