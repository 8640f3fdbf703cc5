"""bops.errors: what a domain refusal looks like as an API answer (DRF's
EXCEPTION_HANDLER) and on a form."""

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from bops.errors import Conflict, IllegalTransition, InvalidInput, NotAllowed, add_to_form


class Raises(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    error: Exception

    def get(self, request):
        raise self.error


def answer(error):
    view = type("View", (Raises,), {"error": error}).as_view()
    return view(APIRequestFactory().get("/"))


def test_each_domain_error_is_answered_with_its_status_and_code():
    assert answer(InvalidInput("Feil.")).status_code == 400
    assert answer(NotAllowed("Ikkje du.")).status_code == 403
    assert answer(IllegalTransition("Ikkje no.")).status_code == 409
    response = answer(Conflict("Endra.", code="stale_version"))
    assert (response.status_code, response.data) == (
        409,
        {"detail": "Endra.", "code": "stale_version"},
    )


def test_a_domain_error_naming_a_field_puts_the_message_there_too():
    response = answer(InvalidInput("Skriv ein grunn.", field="note"))
    assert response.data == {
        "detail": "Skriv ein grunn.",
        "code": "invalid",
        "note": ["Skriv ein grunn."],
    }


def test_a_model_validation_error_is_a_400_with_field_messages():
    response = answer(ValidationError({"reason": ["Skriv ein grunn."]}))
    assert (response.status_code, response.data) == (400, {"reason": ["Skriv ein grunn."]})
    response = answer(ValidationError("Finst alt."))
    assert (response.status_code, response.data) == (400, {"non_field_errors": ["Finst alt."]})


def test_other_errors_keep_drfs_own_answer():
    response = answer(serializers.ValidationError({"to": ["Påkravd."]}))
    assert (response.status_code, response.data) == (400, {"to": ["Påkravd."]})


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_add_to_form_puts_a_domain_error_next_to_its_field_or_on_top():
    form = NoteForm({"note": ""})
    form.is_valid()
    add_to_form(form, InvalidInput("Skriv ein grunn.", field="note"))
    add_to_form(form, IllegalTransition("Ikkje no.", field="elsewhere"))
    assert form.errors == {"note": ["Skriv ein grunn."], "__all__": ["Ikkje no."]}
