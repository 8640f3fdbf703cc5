from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from bops.dashboards import dashboard_context


@login_required
def home(request):
    """Each role lands on its dashboard here (see bops/dashboards.py)."""
    return render(request, "home.html", dashboard_context(request.user))
