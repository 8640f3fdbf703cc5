"""A PDF answer for a page that names a person: rendered by WeasyPrint from a
template with the print stylesheet on disk, never cached (the individual plan
uses it; the data export and the access log render it in a job, privacy/jobs.py)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

STYLESHEET = "privacy/print.css"


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """The PDF's bytes, in a request or in a job (no request: the template gets
    only `context`)."""
    html = render_to_string(template, context, request=request)
    # The style comes from a file on disk: nothing is fetched over the network.
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(STYLESHEET))])


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    pdf = render_pdf(template, context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never cached by a browser or proxy.
    response["Cache-Control"] = "no-store"
    return response
