"""--council for the report commands: a council by its id or its exact name."""

from __future__ import annotations

from django.core.management.base import CommandError

from municipalities.models import Organisation


def council_option(value: str | None) -> Organisation | None:
    """The council named by `value` (an id or a name), or None (every
    municipality) when no council was given."""
    if not value:
        return None
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
    found = councils.filter(pk=int(value)) if value.isdigit() else councils.filter(name=value)
    council = found.first()
    if council is None:
        names = ", ".join(councils.order_by("name").values_list("name", flat=True)[:10])
        raise CommandError(f"--council: no council {value!r}. Councils: {names or 'none'}.")
    return council
