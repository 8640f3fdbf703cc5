"""The staff-room screen's login (role `board`, bops/access.py): it shows the
wall screen of its residence and reaches nothing else.

The role gives no scope (`access.grants()` leaves it out), so every list is
empty and every object a 404 for it; `BoardOnlyMiddleware` is the fence on
top: a signed-in board-only user lands on the wall screen from `/` and gets
404 on every other page, the API and FHIR included. The token endpoint
refuses such a user (bops/security/api.py).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from bops import access
from capacity.models import Residence

BOARD_VIEWS = {"capacity:wall"}
ALWAYS_OPEN = {"login", "logout", "set_language", "security:enrol", "security:verify"}


def wall_url(user) -> str | None:
    """The wall screen of the board login's residence (the first by name)."""
    residence = (
        Residence.objects.filter(organisation_id__in=access.board_organisation_ids(user))
        .order_by("name", "pk")
        .first()
    )
    return reverse("capacity:wall", args=[residence.pk]) if residence else None


class BoardOnlyMiddleware:
    """Keeps a board login on its wall screen (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not access.is_board_only(request.user):
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in BOARD_VIEWS or name in ALWAYS_OPEN:
            return None
        if name == "home":
            url = wall_url(request.user)
            if url:
                return redirect(url)
        raise Http404
