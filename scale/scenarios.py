"""What the benchmark measures: one line per page or endpoint.

To add a page, append a `Scenario` to `SCENARIOS`: a name, the persona
that requests it, and the URL (a format string filled from `Subjects`, the
rows found in the database being measured). `raw_sql` (optional) is the one
query that fetches the same rows, for the "API ≤ 3 × raw SQL" comparison.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from bops.pagination import cursor_for
from municipalities.models import Membership, ServiceUser
from scale.shapes import USER_PREFIX


@dataclass(frozen=True)
class Scenario:
    name: str
    persona: str  # a key of Subjects.users
    url: str  # str.format(**subjects.values)
    kind: str = "page"  # page | api | api_list | report | export
    raw_sql: str | None = None  # same rows in one query, %(name)s parameters from subjects
    repeat: int | None = None  # default: the runner's --repeat


def unit_list_sql(status: str) -> str:
    """The 50 newest referrals of the busiest unit in one status, with the
    names the API list shows (the contact person is only an id there)."""
    return f"""SELECT r.*, su.first_name, su.last_name, s.name, rc.name
        FROM referrals_referral r
        JOIN municipalities_serviceuser su ON su.id = r.service_user_id
        JOIN municipalities_organisation s ON s.id = r.sender_id
        JOIN municipalities_organisation rc ON rc.id = r.receiver_id
        WHERE r.receiver_id = %(busiest_unit)s AND r.status = '{status}'
        ORDER BY r.created_at DESC LIMIT 50"""


# fmt: off
SCENARIOS = [
    # The floor: a trivial authenticated API request (middleware, auth, DRF).
    # Under a loaded machine everything else scales with it; compare ratios.
    Scenario("baseline: one organisation (API)", "intake", "/api/v1/organisations/{busiest_unit}/",
             kind="api"),
    # An unscoped user (superuser, national administrator, integration):
    # every referral, newest first; a page 100 000 rows deep by its cursor
    # (the `next` link a walk reaches); a sync client's changes since a date.
    Scenario("API referrals: every referral (superuser), page 1", "administrator",
             "/api/v1/referrals/?page_size=50", kind="api_list"),
    Scenario("API referrals: every referral (superuser), deep page", "administrator",
             "/api/v1/referrals/?page_size=50&cursor={deep_cursor}", kind="api_list"),
    Scenario("API referrals: changed since (superuser sync)", "administrator",
             "/api/v1/referrals/?page_size=50&updated_since={year_start}T00:00:00Z",
             kind="api_list"),
    Scenario("dashboard: coordinator", "coordinator", "/"),
    Scenario("dashboard: intake (busiest unit)", "intake", "/"),
    Scenario("dashboard: residence lead", "residence_lead", "/"),
    Scenario("dashboard: council reader", "council_reader", "/"),
    Scenario(
        "API inbox: busiest unit, received", "intake",
        "/api/v1/referrals/?receiver={busiest_unit}&status=received", kind="api_list",
        raw_sql=unit_list_sql("received"),
    ),
    Scenario(
        "API referrals: busiest unit, completed", "intake",
        "/api/v1/referrals/?receiver={busiest_unit}&status=completed", kind="api_list",
        raw_sql=unit_list_sql("completed"),
    ),
    Scenario("API referral detail: 20+ events", "intake", "/api/v1/referrals/{long_referral}/",
             kind="api"),
    Scenario("service-user list: page 1", "coordinator", "/service-users/"),
    Scenario("service-user list: late page", "coordinator", "/service-users/?page={late_page}"),
    Scenario("service-user detail", "coordinator", "/service-users/{service_user}/"),
    Scenario("new assessment form", "coordinator", "/service-users/{service_user}/assessments/new/"),
    Scenario("new private purchase form", "coordinator", "/service-users/{service_user}/purchases/new/"),
    Scenario("council report: the period form", "council_reader", "/reports/council/"),
    Scenario(
        "API service users: page 1", "coordinator", "/api/v1/service-users/", kind="api_list",
        raw_sql="""SELECT su.*, m.name FROM municipalities_serviceuser su
            JOIN municipalities_municipality m ON m.id = su.home_municipality_id
            WHERE su.home_municipality_id = %(coordinator_municipality)s
            ORDER BY su.last_name, su.first_name, su.id LIMIT 50""",
    ),
    Scenario("API individual plans: page 1", "coordinator", "/api/v1/individual-plans/",
             kind="api_list"),
    Scenario("API occupancy: one year", "residence_lead",
             "/api/v1/residences/{residence}/occupancy/?from={year_start}&to={year_end}",
             kind="api"),
    Scenario("referral list: busiest unit", "intake", "/referrals/?receiver={busiest_unit}"),
    Scenario("referral detail: 20+ events", "intake", "/referrals/{long_referral}/"),
    Scenario("residence: place board", "residence_lead", "/residence/{residence}/"),
    Scenario("residence: waiting list", "residence_lead", "/residence/{residence}/waiting-list/"),
    Scenario("residence: occupancy page, one year", "residence_lead",
             "/residence/{residence}/occupancy/?start={year_start}&end={year_end}"),
    Scenario("residence: wall screen", "residence_lead", "/residence/{residence}/wall/"),
    Scenario("residence: intake meeting", "residence_lead",
             "/residence/{residence}/intake-meeting/"),
    Scenario("API applications: the waiting list", "residence_lead",
             "/api/v1/applications/?residence={residence}&open=true", kind="api"),
    Scenario("who can help? search: age and municipality", "coordinator",
             "/catalogue/?age=15&municipality={coordinator_municipality}"),
    Scenario("agreements register", "coordinator", "/catalogue/agreements/"),
    Scenario("API measures: age and municipality", "coordinator",
             "/api/v1/measures/?age=15&municipality={coordinator_municipality}", kind="api_list"),
    Scenario("API agreements: due for review", "coordinator",
             "/api/v1/agreements/?due_for_review=true", kind="api_list"),
    Scenario("API referral documents: 20+ events", "intake",
             "/api/v1/referrals/{long_referral}/documents/", kind="api_list"),
    # The FHIR API (fhir_api): searches page by id, so a late page costs the same.
    Scenario("FHIR ServiceRequest search: busiest unit", "intake",
             "/fhir/R4/ServiceRequest?status=active&_count=50", kind="api_list"),
    Scenario("FHIR Task search: received", "intake",
             "/fhir/R4/Task?status=received&_count=50", kind="api_list"),
    Scenario("FHIR Patient search: page 1", "coordinator", "/fhir/R4/Patient?_count=50",
             kind="api_list"),
    Scenario("FHIR EpisodeOfCare: waiting list", "residence_lead",
             "/fhir/R4/EpisodeOfCare?status=waitlist&_count=50", kind="api_list"),
    Scenario("FHIR AuditEvent: one person", "coordinator",
             "/fhir/R4/AuditEvent?patient={service_user}&_count=50", kind="api_list"),
    Scenario("FHIR Patient $everything", "coordinator",
             "/fhir/R4/Patient/{service_user}/$everything", kind="api"),
    Scenario("FHIR CarePlan search: coordinator", "coordinator",
             "/fhir/R4/CarePlan?_count=50", kind="api_list"),
    Scenario("FHIR CareTeam search: coordinator", "coordinator",
             "/fhir/R4/CareTeam?status=active&_count=50", kind="api_list"),
    Scenario("recommendations: mine, unanswered after 14 days", "intake",
             "/referrals/recommendations/?mine=true&unanswered_after_days=14"),
    Scenario("API recommendations: one person", "coordinator",
             "/api/v1/recommendations/?service_user={service_user}", kind="api_list"),
    Scenario("notices: list", "coordinator", "/referrals/notices/"),
    Scenario("notices: new notice form", "intake", "/referrals/notices/new/"),
    # The form finds the person by a search (a common part of a surname: the
    # capped list is full) or starts from a referral's page.
    Scenario("notices: new notice, person search", "intake", "/referrals/notices/new/?q=berg"),
    Scenario("notices: new notice from a referral", "intake",
             "/referrals/notices/new/?referral={long_referral}"),
    Scenario("API notices: not acknowledged", "coordinator",
             "/api/v1/notices/?acknowledged=false", kind="api_list"),
    Scenario("council report PDF: one year", "council_reader",
             "/reports/council/?year={report_year}&language=nn", kind="report", repeat=3),
    # A person's data export as PDF: starts its job, which runs in process (no
    # broker), and follows to the job page; repeated, each run makes a new PDF.
    Scenario("data export PDF: one person (job)", "coordinator",
             "/privacy/service-users/{service_user}/export.pdf", kind="export", repeat=3),
    # The job's own page (the report scenario above leaves a job behind).
    Scenario("report job page", "council_reader", "/reports/jobs/{report_job}/"),
    # One person's individual plan, page and API (skipped where the data has no plans).
    Scenario("individual plan page", "coordinator", "/plans/{plan}/"),
    Scenario("API individual plan: detail", "coordinator", "/api/v1/individual-plans/{plan}/",
             kind="api"),
    Scenario("account: own API tokens page", "coordinator", "/security/tokens/"),
    Scenario("API own tokens", "coordinator", "/api/v1/auth/tokens/", kind="api"),
]
# fmt: on


@dataclass
class Subjects:
    """The users and rows the scenarios are about, found in the database."""

    users: dict
    values: dict


def _one(sql: str, params=()) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _member(organisation_id: int, role: str):
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, role=role, read_only=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


#: How deep the "deep page" of the unscoped list is (a quarter of a smaller list).
DEEP_ROWS = 100_000


def _administrator():
    """A superuser: the first active one, or `scale-admin` (no password; the
    generator's --replace removes it with the other scale users)."""
    User = get_user_model()
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        admin, _ = User.objects.get_or_create(
            username=f"{USER_PREFIX}admin", defaults={"is_superuser": True, "is_staff": True}
        )
    return admin


def find_subjects() -> Subjects:
    """The busiest receiving unit and its intake clinician, the coordinator of
    the biggest municipality, the fullest residence, a council reader, and a
    referral with the longest history."""
    busiest = _one(
        """SELECT r.receiver_id FROM referrals_referral r
           JOIN municipalities_organisation o ON o.id = r.receiver_id
           WHERE o.kind IN ('dps', 'bup')
           GROUP BY r.receiver_id
           ORDER BY COUNT(*) FILTER (WHERE r.status = 'received') DESC, COUNT(*) DESC,
                    r.receiver_id
           LIMIT 1"""
    )
    municipality = _one(
        """SELECT su.home_municipality_id FROM municipalities_serviceuser su
           GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"""
    )
    residence = _one(
        """SELECT p.residence_id FROM capacity_stay s JOIN capacity_place p ON p.id = s.place_id
           GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"""
    )
    if not (busiest and municipality and residence):
        raise RuntimeError("No data to measure: run generate_scale_data first.")
    busiest_unit = busiest[0]
    long_referral = _one(
        """SELECT e.referral_id FROM referrals_referralevent e
           JOIN referrals_referral r ON r.id = e.referral_id
           WHERE r.receiver_id = %s GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1""",
        [busiest_unit],
    )[0]
    service = _one(
        "SELECT id FROM municipalities_organisation WHERE municipality_id = %s "
        "AND kind = 'municipal_service' ORDER BY id LIMIT 1",
        [municipality[0]],
    )[0]
    residence_org = _one("SELECT organisation_id FROM capacity_residence WHERE id = %s", residence)[
        0
    ]
    council = Membership.objects.filter(role=Membership.Role.COUNCIL_READER).order_by("pk").first()
    deep = _one(
        """SELECT created_at, id FROM referrals_referral
           ORDER BY created_at DESC, id DESC
           OFFSET LEAST(%s, (SELECT COUNT(*) FROM referrals_referral) / 4) LIMIT 1""",
        [DEEP_ROWS],
    )
    users = {
        "intake": _member(busiest_unit, Membership.Role.INTAKE),
        "coordinator": _member(service, Membership.Role.COORDINATOR),
        "residence_lead": _member(residence_org, Membership.Role.RESIDENCE_LEAD),
        "council_reader": council.user if council else None,
        "administrator": _administrator(),
    }
    people = ServiceUser.objects.filter(home_municipality_id=municipality[0])
    count = people.count()
    today = timezone.localdate()
    last_year = today.year - 1
    values = {
        "busiest_unit": busiest_unit,
        "long_referral": long_referral,
        "coordinator_municipality": municipality[0],
        "service_user": people.order_by("pk").values_list("pk", flat=True).first(),
        "late_page": max(1, (count // 25) * 4 // 5),
        "residence": residence[0],
        "year_start": datetime.date(last_year, 1, 1).isoformat(),
        "year_end": datetime.date(last_year, 12, 31).isoformat(),
        "report_year": last_year,
        "people_in_municipality": count,
        "deep_cursor": cursor_for(deep) if deep else "",
    }
    values.update(late_values(municipality[0]))
    return Subjects(users=users, values=values)


def late_values(municipality_id: int) -> dict:
    """Subjects that may appear while the benchmark runs (a report job) or
    only in some data sets (plans): looked up again before a scenario that
    needs one that was missing."""
    found = {}
    # A job of the benchmark's council reader's own council (the only ones it reads).
    job = _one(
        """SELECT id FROM reports_reportjob WHERE council_id = (
               SELECT organisation_id FROM municipalities_membership
               WHERE role = 'council_reader' ORDER BY id LIMIT 1)
           ORDER BY id DESC LIMIT 1"""
    )
    if job:
        found["report_job"] = job[0]
    plan = _one(
        """SELECT p.id FROM municipalities_individualplan p
           JOIN municipalities_serviceuser su ON su.id = p.service_user_id
           WHERE su.home_municipality_id = %s ORDER BY p.id DESC LIMIT 1""",
        [municipality_id],
    )
    if plan:
        found["plan"] = plan[0]
    return found
