"""The FHIR endpoints: metadata, read, search and Patient/$everything.

DRF's APIView with its token and session authentication (the API's own),
a renderer that always answers `application/fhir+json`, and an exception
handler that turns every error into an OperationOutcome with its status:
401 without credentials (with `WWW-Authenticate: Token`), 403 when refused,
404 for an id that does not exist or is outside the user's scope (an
outsider learns nothing), 400 for a search the server does not support.
Plain Django views would have needed the authentication, the 2FA check of
the token endpoint and the error handling again; DRF brings them.

Every answer that names a person writes the access log (bops/audit.py):
a search page logs each person on the page, a read the one person, and
$everything is an export.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions, permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from bops.audit import AccessLog, log_access
from fhir_api import codes, everything, search
from fhir_api.capability import capability_statement
from fhir_api.types import TYPES


class FhirJSONRenderer(JSONRenderer):
    media_type = codes.CONTENT_TYPE
    format = "json"
    charset = "utf-8"


class AlwaysFhirJSON(BaseContentNegotiation):
    """FHIR clients ask for application/fhir+json, application/json or */*:
    all get FHIR JSON (XML is not served; `_format` is checked in search)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
}


def operation_outcome(status: int, message: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error",
                "code": ISSUE_CODES.get(status, "exception"),
                "diagnostics": str(message),
            }
        ],
    }


class FhirView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [FhirJSONRenderer]
    content_negotiation_class = AlwaysFhirJSON
    http_method_names = ["get", "head", "options"]
    # Not in the OpenAPI schema of /api/: FHIR describes itself at /metadata.
    schema = None

    def handle_exception(self, exc):
        if isinstance(exc, search.BadRequest):
            return Response(operation_outcome(400, str(exc)), status=400)
        if isinstance(exc, Http404):
            exc = exceptions.NotFound(_("No such resource, or not yours to see."))
        response = super().handle_exception(exc)
        detail = getattr(exc, "detail", "") or response.status_text
        response.data = operation_outcome(response.status_code, detail)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def log(self, people, action) -> None:
        people = [pk for pk in people if pk is not None]
        if people:
            log_access(self.request, people, action)


def _base(request) -> str:
    return request.build_absolute_uri("/fhir/R4/")


def entry(request, resource: dict, mode: str | None = "match") -> dict:
    item = {
        "fullUrl": f"{_base(request)}{resource['resourceType']}/{resource['id']}",
        "resource": resource,
    }
    if mode:
        item["search"] = {"mode": mode}
    return item


class MetadataView(FhirView):
    """The CapabilityStatement: public, it names no data."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request):
        return Response(capability_statement(_base(request)))


class ReadView(FhirView):
    resource_type = ""
    source_index = 0

    def get(self, request, pk: int):
        rtype = TYPES[self.resource_type]
        source = rtype.sources[self.source_index]
        row = source.rows(request.user).filter(pk=pk).first()
        if row is None:
            raise Http404
        self.log([source.person_of(row)], AccessLog.Action.API_READ)
        return Response(source.build(row))


class NotFoundView(FhirView):
    """Any other path under /fhir/R4/: a type or id that does not exist."""

    def get(self, request, *args, **kwargs):
        raise Http404


class SearchView(FhirView):
    resource_type = ""

    def get(self, request):
        rtype = TYPES[self.resource_type]
        found, cursor = search.page(request.user, request.query_params, rtype)
        url = request.build_absolute_uri(request.path)
        params = [(k, v) for k, v in request.query_params.lists() for v in v if k != "_cursor"]
        links = [{"relation": "self", "url": request.build_absolute_uri()}]
        if cursor is not None:
            links.append(
                {"relation": "next", "url": f"{url}?{urlencode([*params, ('_cursor', cursor)])}"}
            )
        bundle = {
            "resourceType": "Bundle",
            "type": "searchset",
            "timestamp": timezone.localtime().isoformat(timespec="seconds"),
            "link": links,
            "entry": [entry(request, source.build(row)) for source, row in found],
        }
        if not bundle["entry"]:
            del bundle["entry"]
        self.log([source.person_of(row) for source, row in found], AccessLog.Action.LIST)
        return Response(bundle)


class EverythingView(FhirView):
    """Patient/<id>/$everything: the person's whole record, the same data as
    the JSON export of the right of access, for the same users."""

    def get(self, request, pk: int):
        person = everything.person_for(request.user, pk)
        resources = everything.record(person)
        bundle = {
            "resourceType": "Bundle",
            "type": "searchset",
            "timestamp": timezone.localtime().isoformat(timespec="seconds"),
            "link": [{"relation": "self", "url": request.build_absolute_uri()}],
            "entry": [
                entry(request, r, "match" if r["resourceType"] == "Patient" else "include")
                for r in resources
            ],
        }
        self.log([person.pk], AccessLog.Action.EXPORT)
        return Response(bundle)
