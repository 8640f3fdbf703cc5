from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from bops.audit import AccessLog, log_access
from dashboards.sections import dashboard_context, people_shown


@login_required
def home(request):
    """Each role lands on its dashboard here (see dashboards/sections.py)."""
    context = dashboard_context(request.user)
    shown = people_shown(context) | {
        getattr(person, "pk", person) for person in context.pop("shown_people", [])
    }
    log_access(request, sorted(shown), AccessLog.Action.LIST)
    return render(request, "home.html", context)
