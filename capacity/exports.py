"""CSV exports of the waiting list and the stays, for the residence's staff.

A real download that opens in a Norwegian spreadsheet: UTF-8 with a byte
order mark (so æøå survive), `;` between fields (the decimal mark is a
comma), dates as dd.mm.yyyy and headers in the reader's language. Every
export writes one access log row per person in it.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bops.formats import format_date
from capacity.models import Application, Residence, Stay


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def waiting_list_rows(residence: Residence, today=None):
    applications = list(
        Application.objects.waiting_list(residence, today).select_related(
            "service_user__home_municipality",
            "applying_municipality",
            "offered_place",
            "referral",
        )
    )
    header = [
        _("Position"),
        _("Name"),
        _("National identity number"),
        _("Home municipality"),
        _("Applying municipality"),
        _("Priority"),
        _("Status"),
        _("Applied on"),
        _("Days waited"),
        _("Needs the shielded unit"),
        _("Wanted start"),
        _("Offered place"),
        _("Offer valid until"),
    ]
    rows = [
        [
            a.position,
            a.service_user.full_name,
            a.service_user.national_id,
            a.service_user.home_municipality.name,
            a.applying_municipality.name,
            a.get_priority_display(),
            a.get_status_display(),
            format_date(a.applied_on),
            a.days_waited,
            _yes(a.referral.needs_shielded_unit),
            format_date(a.referral.wanted_start),
            a.offered_place.code if a.offered_place else "",
            format_date(a.offer_valid_until),
        ]
        for a in applications
    ]
    return header, rows, [a.service_user for a in applications]


def stay_rows(residence: Residence, today=None):
    today = today or timezone.localdate()
    stays = list(
        Stay.objects.in_residence(residence)
        .select_related("service_user", "place__unit", "paying_municipality")
        .order_by("-start", "pk")
    )
    header = [
        _("Place"),
        _("Unit"),
        _("Name"),
        _("National identity number"),
        _("Paying municipality"),
        _("Moved in"),
        _("Moved out"),
        _("Reason for leaving"),
        _("Bed-days"),
    ]
    rows = [
        [
            s.place.code,
            s.place.unit.name,
            s.service_user.full_name,
            s.service_user.national_id,
            s.paying_municipality.name,
            format_date(s.start),
            format_date(s.end),
            s.get_end_reason_display(),
            s.bed_days(today),
        ]
        for s in stays
    ]
    return header, rows, [s.service_user for s in stays]


def csv_response(filename: str, header: list, rows: list) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def filename(residence: Residence, what: str) -> str:
    return f"{slugify(residence.name)}-{what}-{timezone.localdate():%Y-%m-%d}.csv"
