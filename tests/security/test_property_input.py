"""Property-based input (hypothesis) for the service-user API and the
admin's service-user form: whatever arrives, the answer is a success or a
400 with field errors (404 for a person outside the caller's scope) — never
a 500, never a half-saved record. Every other date input:
tests/security/test_property_dates.py."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from bops import dates
from bops.audit import AccessLog
from municipalities.models import ServiceUser
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/service-users/"
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

GOOD, BAD, ANY = "good", "bad", "any"

# Values are drawn as (verdict, maker); makers run inside the test, where the
# database and the fixtures exist.
NAME_ALPHABET = st.characters(codec="utf-8", categories=("L",))
any_text = st.text(max_size=300)


def _wrong_check_digit(_ctx) -> str:
    number = factories.synthetic_id()
    return number[:-1] + str((int(number[-1]) + 1) % 10)


national_id = st.one_of(
    st.just((GOOD, lambda ctx: factories.synthetic_id())),
    st.just((GOOD, lambda ctx: factories.synthetic_id()[:6] + " " + factories.synthetic_id()[6:])),
    st.just((BAD, _wrong_check_digit)),
    st.just((BAD, lambda ctx: ctx["taken"])),  # already registered
    st.text(min_size=12, max_size=200).map(lambda t: (BAD, lambda ctx: "1" * 12 + t)),
    any_text.map(lambda t: (ANY, lambda ctx: t)),
)
name = st.one_of(
    st.text(NAME_ALPHABET, min_size=1, max_size=100).map(lambda t: (GOOD, lambda ctx: t)),
    st.text(NAME_ALPHABET, min_size=101, max_size=400).map(lambda t: (BAD, lambda ctx: t)),
    st.just((BAD, lambda ctx: "")),
    any_text.map(lambda t: (ANY, lambda ctx: t)),
)
municipality = st.sampled_from(
    [
        (GOOD, lambda ctx: ctx["home"].pk),
        (BAD, lambda ctx: ctx["elsewhere"].pk),  # another municipality
        (BAD, lambda ctx: 987654),  # unknown id
        (BAD, lambda ctx: "Lærdal"),
        (BAD, lambda ctx: None),
    ]
)
coordinator = st.sampled_from(
    [
        (GOOD, lambda ctx: None),
        (GOOD, lambda ctx: ctx["coordinator"].pk),
        (BAD, lambda ctx: ctx["outsider"].pk),  # a coordinator elsewhere
        (BAD, lambda ctx: 987654),
        (BAD, lambda ctx: [1]),
    ]
)
pathway = st.one_of(
    st.sampled_from([1, 2, 3]).map(lambda v: (GOOD, lambda ctx: v)),
    st.integers().filter(lambda v: v not in (1, 2, 3)).map(lambda v: (BAD, lambda ctx: v)),
)
_plan_earliest, _plan_latest = dates.PLAN.bounds()
a_date = st.one_of(
    st.just((GOOD, lambda ctx: None)),
    st.dates(_plan_earliest, _plan_latest).map(lambda d: (GOOD, lambda ctx: d.isoformat())),
    # Real calendar days outside the plans' window, down to year 1 and up to 9999.
    st.dates(max_value=_plan_earliest - datetime.timedelta(days=1)).map(
        lambda d: (BAD, lambda ctx: d.isoformat())
    ),
    st.dates(min_value=_plan_latest + datetime.timedelta(days=1)).map(
        lambda d: (BAD, lambda ctx: d.isoformat())
    ),
    st.sampled_from(["2025-02-30", "2025-13-01", "31.12.2025x", "0000-00-00", "9999999-01-01"]).map(
        lambda v: (BAD, lambda ctx: v)
    ),
    any_text.map(lambda t: (ANY, lambda ctx: t)),
)
next_of_kin = st.one_of(
    st.text(NAME_ALPHABET, max_size=200).map(lambda t: (GOOD, lambda ctx: t)),
    st.text(NAME_ALPHABET, min_size=201, max_size=1000).map(lambda t: (BAD, lambda ctx: t)),
)

FIELDS = {
    "national_id": national_id,
    "first_name": name,
    "last_name": name,
    "home_municipality": municipality,
    "coordinator": coordinator,
    "main_pathway": pathway,
    "ip_date": a_date,
    "crisis_plan_date": a_date,
    "next_of_kin_name": next_of_kin,
}


@pytest.fixture
def ctx(coordinator, outsider, home, elsewhere):
    taken = factories.ServiceUserFactory(home_municipality=home)
    client = APIClient()
    client.force_login(coordinator)
    return {
        "client": client,
        "coordinator": coordinator,
        "outsider": outsider,
        "home": home,
        "elsewhere": elsewhere,
        "taken": taken.national_id,
        "own": factories.ServiceUserFactory(home_municipality=home),
        "foreign": factories.ServiceUserFactory(home_municipality=elsewhere),
    }


def _build(ctx, drawn: dict) -> tuple[dict, set[str], bool]:
    payload, bad = {}, set()
    all_good = True
    for field, (verdict, make) in drawn.items():
        payload[field] = make(ctx)
        if verdict == BAD:
            bad.add(field)
        all_good &= verdict == GOOD
    return payload, bad, all_good


def _snapshot():
    return list(ServiceUser.objects.order_by("pk").values())


@SETTINGS
@given(drawn=st.fixed_dictionaries(FIELDS))
def test_creating_a_person_from_any_input_is_a_201_or_a_400_with_field_errors(ctx, drawn):
    payload, bad, all_good = _build(ctx, drawn)
    before, logged = _snapshot(), AccessLog.objects.count()
    response = ctx["client"].post(LIST, payload, format="json")
    assert response.status_code in (201, 400), response.content[:500]
    if response.status_code == 400:
        errors = response.json()
        assert isinstance(errors, dict) and errors
        assert bad <= set(errors), (bad, errors)
        assert set(errors) <= {*FIELDS, "non_field_errors"}
        assert _snapshot() == before  # nothing half-saved
        assert AccessLog.objects.count() == logged
    else:
        assert not bad, (bad, payload)
        person = ServiceUser.objects.get(pk=response.json()["id"])
        person.full_clean()
        assert ServiceUser.objects.count() == len(before) + 1
    if all_good:
        assert response.status_code == 201, response.json()


@SETTINGS
@given(
    drawn=st.fixed_dictionaries({}, optional=FIELDS),
    target=st.sampled_from(["own", "foreign", "missing"]),
)
def test_changing_a_person_from_any_input_never_half_saves(ctx, drawn, target):
    payload, bad, _ = _build(ctx, drawn)
    pk = {"own": ctx["own"].pk, "foreign": ctx["foreign"].pk, "missing": 987654}[target]
    before = _snapshot()
    response = ctx["client"].patch(f"{LIST}{pk}/", payload, format="json")
    if target != "own":
        assert response.status_code == 404
        assert _snapshot() == before
        return
    assert response.status_code in (200, 400), response.content[:500]
    if response.status_code == 400:
        assert bad <= set(response.json())
        assert _snapshot() == before
    else:
        assert not bad, (bad, payload)
        ServiceUser.objects.get(pk=pk).full_clean()


# --- the admin's service-user form --------------------------------------------

INLINE_PREFIXES = ("consents", "assessments", "private_purchases")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@settings(SETTINGS, max_examples=30)
@given(drawn=st.fixed_dictionaries(FIELDS))
def test_the_admin_form_answers_any_input_with_field_errors_or_a_saved_person(
    ctx, admin_client, drawn
):
    payload, bad, all_good = _build(ctx, drawn)
    # A superuser may use any municipality and name any coordinator; whether
    # the coordinator fits the municipality is a rule the model checks.
    if payload["home_municipality"] == ctx["elsewhere"].pk:
        bad.discard("home_municipality")
    bad.discard("coordinator")
    form = {k: "" if v is None else v for k, v in payload.items() if not isinstance(v, list)}
    form["ip_status"] = ServiceUser.PlanStatus.NONE
    for prefix in INLINE_PREFIXES:
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    before = _snapshot()
    response = admin_client.post("/admin/municipalities/serviceuser/add/", form)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        errors = response.context["adminform"].form.errors
        assert errors
        assert bad <= set(errors), (bad, errors)
        assert _snapshot() == before
    else:
        assert not bad, (bad, payload)
        assert ServiceUser.objects.count() == len(before) + 1
        ServiceUser.objects.latest("pk").full_clean()
