"""One vocabulary for what the domain refuses, and its two translations.

Domain code (model methods, services) raises a `DomainError` subclass. It
carries a machine-readable `code`, the HTTP `status` an API answer gets, and
optionally the `field` the message belongs to. Two translators turn it into
what a user sees, so no view or viewset catches domain errors by hand:

- `api_exception_handler` (DRF's EXCEPTION_HANDLER): the JSON answer
  `{"detail": ..., "code": ...}` (plus `{field: [message]}` when the error
  names a field) with the error's status. Django's own ValidationError from
  `Model.clean()` becomes a 400 with field messages.
- `add_to_form(form, error)`: the message next to its field, or at the top of
  the form, for the page to render again.

Statuses: bad input 400, not allowed 403, an illegal state move or a refusal
that follows from the current state (a full residence, a stale version) 409.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """A refusal by the domain, with the code and status it is reported as."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        self.field = field

    def as_payload(self) -> dict:
        payload: dict = {"detail": self.message, "code": self.code}
        if self.field:
            payload[self.field] = [self.message]
        return payload


class InvalidInput(DomainError):
    """Input the rules refuse: 400, next to the field when one is named."""

    code = "invalid"
    status = 400


class NotAllowed(DomainError):
    """The user may see the object but not do this to it: 403."""

    code = "not_allowed"
    status = 403


class IllegalTransition(DomainError):
    """A state move the object's current state does not allow: 409."""

    code = "illegal_transition"
    status = 409


class Conflict(DomainError):
    """Refused because of the current state of things: somebody changed the
    object first (a stale version), or the residence is full: 409."""

    code = "conflict"
    status = 409


def validation_error_detail(error: DjangoValidationError) -> dict | list:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: domain errors and model validation as JSON."""
    if isinstance(exc, DomainError):
        return Response(exc.as_payload(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(validation_error_detail(exc))
    return drf_exception_handler(exc, context)


def add_to_form(form, error: DomainError | DjangoValidationError) -> None:
    """Show a domain or model error on a bound form: keyed messages next to
    their field when the form has it, everything else at the top."""
    if isinstance(error, DomainError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    elif hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
