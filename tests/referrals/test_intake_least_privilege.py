"""Intake staff see what the referral sent them (least privilege): the
person's core record, the consents that name their unit, and the assessments
the sender chose to send with it. The home municipality keeps the whole
record. The sender chooses on the referral form, on the send page and in the
API; a data migration attaches to existing referrals what existed when they
were sent."""

import datetime
import importlib
import types

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from municipalities.models import Assessment, Consent, PrivatePurchase
from referrals.choices import Status
from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/referrals/"
NEW = reverse("referrals:referral_create")
SENT_DAY = datetime.date(2025, 3, 10)
OTHER_DAY = datetime.date(2025, 9, 22)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def chosen(service_user):
    return factories.AssessmentFactory(service_user=service_user, assessed_on=SENT_DAY)


@pytest.fixture
def not_chosen(service_user):
    return factories.AssessmentFactory(service_user=service_user, assessed_on=OTHER_DAY)


@pytest.fixture
def bup_consent(service_user, bup):
    return factories.ConsentFactory(service_user=service_user, organisation=bup)


@pytest.fixture
def purchase(service_user, home):
    return factories.PrivatePurchaseFactory(
        service_user=service_user, municipality=home, provider="Privat Omsorg AS"
    )


@pytest.fixture
def sent(make, coordinator, chosen, not_chosen, bup_consent, purchase):
    """A referral to the DPS that the coordinator sent with one assessment."""
    referral = make("draft")
    referral.choose_assessments([chosen], by=coordinator)
    referral.send(by=coordinator, confirm_legal_basis="without_consent")
    return referral


def person_page(client, user, person):
    client.force_login(user)
    return client.get(reverse("municipalities:serviceuser_detail", args=[person.pk]))


# --- what each persona sees ----------------------------------------------------


@pytest.mark.parametrize("persona", ["intake", "intake_reader"])
def test_a_dps_member_sees_the_chosen_assessment_and_the_consent_for_the_dps_only(
    request, client, sent, service_user, consent, bup_consent, dps, bup, persona
):
    user = request.getfixturevalue(persona)
    response = person_page(client, user, service_user)
    assert response.status_code == 200
    html = response.content.decode()
    assert "10.03.2025" in html, "the assessment sent with the referral"
    assert "22.09.2025" not in html, "an assessment the sender did not choose"
    assert dps.name in html
    assert bup.name not in html, "a consent for another unit"
    assert "Privat Omsorg AS" not in html, "private purchases are the municipality's"
    assert list(Assessment.objects.for_user(user).values_list("assessed_on", flat=True)) == [
        SENT_DAY
    ]
    assert set(Consent.objects.for_user(user)) == {consent}
    assert not PrivatePurchase.objects.for_user(user).exists()


def test_the_home_coordinator_keeps_the_whole_record(
    client, sent, coordinator, reader, service_user, dps, bup
):
    for user in (coordinator, reader):
        html = person_page(client, user, service_user).content.decode()
        assert "10.03.2025" in html and "22.09.2025" in html
        assert dps.name in html and bup.name in html
        assert "Privat Omsorg AS" in html
        assert Assessment.objects.for_user(user).count() == 2
        assert Consent.objects.for_user(user).count() == 2


def test_an_outsider_sees_nothing_of_the_person(client, sent, outsider, service_user):
    assert person_page(client, outsider, service_user).status_code == 404
    assert not Assessment.objects.for_user(outsider).exists()
    assert not Consent.objects.for_user(outsider).exists()


def test_a_bup_member_sees_the_consent_for_bup_but_no_assessment_sent_to_the_dps(
    client, sent, service_user, bup, home_service, coordinator, bup_consent
):
    # The same person referred to BUP too, with nothing attached.
    bup_intake = factories.member_of(bup, role="intake")
    factories.make_referral(
        "sent",
        sender_user=coordinator,
        receiver_user=bup_intake,
        service_user=service_user,
        sender=home_service,
        receiver=bup,
    )
    html = person_page(client, bup_intake, service_user).content.decode()
    assert "22.09.2025" not in html and "10.03.2025" not in html
    assert 'id="assessments-scope"' in html, "the page says what this unit sees"
    assert set(Consent.objects.for_user(bup_intake)) == {bup_consent}
    assert not Assessment.objects.for_user(bup_intake).exists()


def test_a_draft_shows_the_receiver_nothing(draft, chosen, intake):
    draft.choose_assessments([chosen], by=draft.sender_contact)
    assert not Assessment.objects.for_user(intake).exists()


def test_the_referral_page_and_api_show_what_went_with_it(client, sent, intake, chosen):
    client.force_login(intake)
    html = client.get(reverse("referrals:referral_detail", args=[sent.pk])).content.decode()
    assert "10.03.2025" in html and "22.09.2025" not in html
    detail = api(intake).get(f"{API}{sent.pk}/").json()
    assert detail["assessments"] == [chosen.pk]


def test_fhir_gives_intake_no_assessment_or_consent(sent, intake, chosen, consent):
    client = api(intake)
    assert client.get(f"/fhir/R4/Observation/{chosen.pk}").status_code == 404
    assert client.get(f"/fhir/R4/Consent/{consent.pk}").status_code == 404
    everything = client.get(f"/fhir/R4/Patient/{sent.service_user_id}/$everything")
    assert everything.status_code == 404


# --- the sender chooses ----------------------------------------------------------


def form_data(person, receiver, sender, **extra):
    return {
        "service_user": person.pk,
        "kind": "assessment",
        "sender": sender.pk,
        "receiver": receiver.pk,
        "urgency": "ordinary",
        "reason": "Langvarig psykose, aukande rusbruk.",
        "requested": "Vurdering og behandling.",
        **extra,
    }


def test_the_referral_form_offers_the_persons_assessments_to_tick(
    client, coordinator, service_user, dps, chosen, not_chosen
):
    client.force_login(coordinator)
    response = client.get(NEW, {"service_user": service_user.pk, "kind": "assessment", "next": 1})
    field = response.context["form"].fields["assessments"]
    assert set(field.queryset) == {chosen, not_chosen}
    html = response.content.decode()
    assert f'name="assessments" value="{chosen.pk}"' in html
    assert "10.03.2025" in html


def test_sending_from_the_form_attaches_only_the_ticked_assessment(
    client, coordinator, service_user, home_service, dps, consent, chosen, not_chosen, intake
):
    client.force_login(coordinator)
    data = form_data(service_user, dps, home_service, assessments=[chosen.pk])
    response = client.post(NEW, data)
    assert response.status_code == 302
    referral = service_user.referrals.get()
    assert referral.status != Status.DRAFT
    assert list(referral.assessments.all()) == [chosen]
    assert list(Assessment.objects.for_user(intake)) == [chosen]


def test_the_form_refuses_an_assessment_of_another_person(
    client, coordinator, service_user, home_service, dps, consent, home
):
    stranger = factories.AssessmentFactory(
        service_user=factories.ServiceUserFactory(home_municipality=home)
    )
    client.force_login(coordinator)
    response = client.post(
        NEW, form_data(service_user, dps, home_service, assessments=[stranger.pk])
    )
    assert response.status_code == 200
    assert "assessments" in response.context["form"].errors
    assert not service_user.referrals.exists()


def test_the_send_page_of_a_draft_lets_the_sender_change_the_choice(
    client, draft, coordinator, chosen, not_chosen
):
    draft.choose_assessments([chosen], by=coordinator)
    client.force_login(coordinator)
    url = reverse("referrals:referral_transition", args=[draft.pk, "send"])
    form = client.get(url).context["form"]
    assert form["assessments"].initial == [chosen.pk]
    response = client.post(url, {"version": draft.version, "assessments": [not_chosen.pk]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status != Status.DRAFT
    assert list(draft.assessments.all()) == [not_chosen]


def test_a_sent_referral_keeps_what_was_sent(sent, coordinator, not_chosen):
    from referrals.rules import TransitionError

    with pytest.raises(TransitionError):
        sent.choose_assessments([not_chosen], by=coordinator)


# --- API -----------------------------------------------------------------------


def api_body(person, sender, receiver, **extra):
    return {
        "service_user": person.pk,
        "sender": sender.pk,
        "receiver": receiver.pk,
        "kind": "assessment",
        "reason": "Treng vurdering.",
        **extra,
    }


def test_the_api_creates_a_draft_with_the_chosen_assessments(
    coordinator, service_user, home_service, dps, chosen
):
    response = api(coordinator).post(
        API, api_body(service_user, home_service, dps, assessments=[chosen.pk]), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["assessments"] == [chosen.pk]


@pytest.mark.parametrize("whose", ["other_person", "other_municipality", "missing"])
def test_the_api_refuses_an_assessment_the_sender_may_not_send_with_400(
    coordinator, service_user, home_service, dps, home, elsewhere, whose
):
    if whose == "missing":
        pk = 2**31 - 1
    else:
        municipality = home if whose == "other_person" else elsewhere
        other = factories.ServiceUserFactory(home_municipality=municipality)
        pk = factories.AssessmentFactory(service_user=other).pk
    response = api(coordinator).post(
        API, api_body(service_user, home_service, dps, assessments=[pk]), format="json"
    )
    assert response.status_code == 400
    assert "assessments" in response.json()
    assert not service_user.referrals.exists()


def test_the_api_sends_a_draft_with_a_new_choice(draft, coordinator, chosen, not_chosen, intake):
    draft.choose_assessments([chosen], by=coordinator)
    response = api(coordinator).post(
        f"{API}{draft.pk}/transition/",
        {"to": "sent", "version": draft.version, "assessments": [not_chosen.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["assessments"] == [not_chosen.pk]
    assert list(Assessment.objects.for_user(intake)) == [not_chosen]


def test_the_api_refuses_to_send_with_a_foreign_assessment_and_sends_nothing(
    draft, coordinator, elsewhere
):
    foreign = factories.AssessmentFactory(
        service_user=factories.ServiceUserFactory(home_municipality=elsewhere)
    )
    response = api(coordinator).post(
        f"{API}{draft.pk}/transition/",
        {"to": "sent", "version": draft.version, "assessments": [foreign.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "assessments" in response.json()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_api_keeps_the_drafts_choice_when_sending_without_one(draft, coordinator, chosen):
    draft.choose_assessments([chosen], by=coordinator)
    response = api(coordinator).post(
        f"{API}{draft.pk}/transition/", {"to": "sent", "version": draft.version}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["assessments"] == [chosen.pk]


# --- the migration ---------------------------------------------------------------


def test_the_migration_attaches_what_existed_when_each_referral_was_sent(make, service_user):
    migration = importlib.import_module(
        "referrals.migrations.0014_attach_assessments_to_sent_referrals"
    )
    sent = make("sent")
    draft = factories.ReferralFactory(service_user=service_user, kind="advice")
    sent_day = timezone.localdate(sent.sent_at)  # the day in Norway, as the migration counts it
    before = factories.AssessmentFactory(
        service_user=service_user, assessed_on=sent_day - datetime.timedelta(days=30)
    )
    same_day = factories.AssessmentFactory(service_user=service_user, assessed_on=sent_day)
    factories.AssessmentFactory(
        service_user=service_user, assessed_on=sent_day + datetime.timedelta(days=1)
    )
    migration.attach_assessments_of_the_day_sent(None, types.SimpleNamespace(connection=connection))
    assert set(sent.assessments.all()) == {before, same_day}
    assert not draft.assessments.exists()


def test_admin_shows_the_choice_but_never_offers_every_assessment_to_pick(
    client, draft, admin_user, chosen, not_chosen
):
    client.force_login(admin_user)
    url = reverse("admin:referrals_referral_change", args=[draft.pk])
    html = client.get(url).content.decode()
    assert 'name="assessments"' not in html
