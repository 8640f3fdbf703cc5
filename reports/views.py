"""The council report in the browser: a period form, and the PDF itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from bops import access
from municipalities.models import Membership
from reports.forms import PeriodForm, recent_periods
from reports.pdf import render_pdf

REPORT_PARAMETERS = ("from", "to", "year", "quarter")


def may_read_council_report(user) -> bool:
    """Council readers, the residence lead and administrators; nobody else."""
    return access.is_superuser(user) or access.has_role(
        user, Membership.Role.COUNCIL_READER, Membership.Role.RESIDENCE_LEAD
    )


@login_required
def council_report(request):
    """Without a period: the form. With a valid period: the PDF. With a bad one:
    the form again with its field errors (400)."""
    if not may_read_council_report(request.user):
        raise PermissionDenied
    if not any(request.GET.get(name) for name in REPORT_PARAMETERS):
        return _form_page(request, PeriodForm())
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    period = form.period
    pdf = render_pdf(period, form.cleaned_data["language"])
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"bops-council-report-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _form_page(request, form: PeriodForm, status: int = 200):
    context = {"form": form, "recent_periods": recent_periods()}
    return render(request, "reports/council_form.html", context, status=status)
