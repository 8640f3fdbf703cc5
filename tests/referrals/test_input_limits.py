"""Input as people type it on the referral pages: long text is refused with a
message and a visible limit, never cut; an implausible planned start is refused."""

import datetime

from django.urls import reverse

from referrals.choices import Status
from referrals.forms import ReferralForm
from referrals.transition_forms import TransitionForm


def accept_url(referral):
    return reverse("referrals:referral_transition", args=[referral.pk, "accept"])


def test_the_reason_field_shows_its_limit_and_has_no_maxlength_that_cuts(coordinator):
    html = str(ReferralForm(user=coordinator)["reason"])
    assert " maxlength=" not in html
    assert 'data-maxlength="5000"' in html
    assert "Høgst 5\xa0000 teikn." in html or "Høgst 5 000 teikn." in html
    assert 'aria-describedby="id_reason_counter"' in html or "id_reason_counter" in html


def test_a_pasted_text_longer_than_the_limit_is_refused_with_a_message_not_cut():
    form = TransitionForm({"version": "1", "note": "x" * 12_000}, transition=None)
    assert not form.is_valid()
    assert "10000" in " ".join(form.errors["note"]) or "10 000" in " ".join(form.errors["note"])


def test_a_page_with_a_limited_text_loads_the_counter_script_as_a_file(
    client, coordinator, service_user
):
    client.force_login(coordinator)
    with_text = reverse("municipalities:consent_create", args=[service_user.pk])
    without = reverse("municipalities:serviceuser_create")
    script = '<script src="/static/js/text-limit.js" defer></script>'
    assert script in client.get(with_text).content.decode()
    assert "<script" not in client.get(without).content.decode()


def test_a_planned_start_before_the_referral_was_sent_is_refused(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    sent = referral.sent_at.date()
    years_before = sent.replace(year=sent.year - 3).strftime("%d.%m.%Y")
    response = client.post(
        accept_url(referral), {"version": referral.version, "planned_start": years_before}
    )
    assert "kan ikkje vere før tilvisinga vart send" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_a_planned_start_in_2099_is_refused(client, intake, make):
    referral = make("received")
    client.force_login(intake)
    response = client.post(
        accept_url(referral), {"version": referral.version, "planned_start": "01.01.2099"}
    )
    assert 'id="id_planned_start_error"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_an_individual_plan_dated_2099_is_refused_with_a_message(coordinator, home):
    from municipalities.forms import ServiceUserForm
    from tests.factories import synthetic_id

    form = ServiceUserForm(
        {
            "national_id": synthetic_id(datetime.date(1980, 5, 5)),
            "first_name": "Kari",
            "last_name": "Syntetisk",
            "home_municipality": home.pk,
            "main_pathway": "1",
            "ip_status": "established",
            "ip_date": "01.01.2099",
        },
        user=coordinator,
    )
    assert not form.is_valid()
    assert "Sjekk årstalet" in " ".join(form.errors["ip_date"])
