"""A PDF answer for a page that names a person: rendered by WeasyPrint from a
template with the print stylesheet on disk, never cached (the data export,
the access log and the individual plan use it)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

STYLESHEET = "privacy/print.css"


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    # The style comes from a file on disk: nothing is fetched over the network.
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(STYLESHEET))])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never cached by a browser or proxy.
    response["Cache-Control"] = "no-store"
    return response
