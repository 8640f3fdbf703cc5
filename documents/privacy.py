"""Anonymising a person removes the files of their documents.

The anonymisation (privacy/anonymise.py today) calls
`Document.anonymise_rows(service_user)` by itself, as for every model with a
key to the person, and reports the count under "documents.Document". Where
the anonymisation becomes a list of registered steps, register
`anonymisation_step` below.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.models import remove_files_of_person


def anonymisation_step(service_user, *, by=None) -> dict[str, int]:
    """The step for the report of what was done: files removed."""
    return {_("document files removed"): remove_files_of_person(service_user, by=by)}
