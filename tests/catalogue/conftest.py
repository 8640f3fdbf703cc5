"""The region's real shape for the catalogue: Luster and Lærdal served by DPS
Indre Sogn (adults) and Sogndal BUP with its teams 0-6, 0-11 and 12-18,
the shared residence, and a day centre for Sogndal and Luster only.

Personas: the shared `coordinator` (Lærdal, may act), `reader` (read-only in
Lærdal) and `outsider` (coordinator in Vik); the catalogue is public
knowledge for all three. `stranger` is signed in without any membership."""

import datetime

import pytest

from catalogue.models import Agreement, Measure
from municipalities.models import Organisation
from referrals.choices import Kind as ReferralKind
from tests import factories


@pytest.fixture
def luster(db):
    return factories.MunicipalityFactory(name="Luster", number="1426")


@pytest.fixture
def sogndal(db):
    return factories.MunicipalityFactory(name="Sogndal", number="1420")


@pytest.fixture
def region(home, luster, sogndal, elsewhere):
    """The organisations, measures and agreements of the region."""
    towns = [home, luster, sogndal, elsewhere]
    dps = factories.dps_for(*towns, name="DPS Indre Sogn")
    bup = factories.bup_for(*towns, name="Sogndal BUP")
    residence_org = factories.OrganisationFactory(
        name="Bu- og omsorgstilbodet", kind=Organisation.Kind.RESIDENCE, municipality=home
    )
    home_service = factories.OrganisationFactory(municipal_service_in=home)
    sogndal_service = factories.OrganisationFactory(municipal_service_in=sogndal)
    today = datetime.date.today()
    specialist = Agreement.objects.create(
        title="Samarbeidsavtale psykisk helse og rus",
        kind=Agreement.Kind.COOPERATION,
        flows=[Agreement.Flow.ASSESSMENT, Agreement.Flow.NOTICE],
        routine="Ring inntaksteamet før tilvising ved tvil om nivå.",
        contact_name="Inntaksteamet DPS",
        contact_phone="57 00 00 10",
        valid_from=today - datetime.timedelta(days=400),
        next_review=today + datetime.timedelta(days=200),
    )
    specialist.parties.set([home_service, dps, bup])

    def measure(provider, name, kind, municipalities, **fields):
        m = Measure.objects.create(provider=provider, name=name, kind=kind, **fields)
        m.municipalities.set(municipalities)
        return m

    bup_fields = {
        "kind": Measure.Kind.BUP_TEAM,
        "domains": ["mental_health", "network"],
        "referral_kind": ReferralKind.ASSESSMENT,
        "agreement": specialist,
    }
    return {
        "dps": dps,
        "bup": bup,
        "home_service": home_service,
        "sogndal_service": sogndal_service,
        "agreement": specialist,
        "dps_team": measure(
            dps, "DPS Indre Sogn poliklinikk", Measure.Kind.DPS_TEAM, towns, min_age=18,
            domains=["mental_health", "substance_use"], referral_kind=ReferralKind.ASSESSMENT,
            agreement=specialist,
        ),
        "fact": measure(
            dps, "FACT Indre Sogn", Measure.Kind.FACT_TEAM, towns, min_age=18, pathways=["3"],
            domains=["mental_health", "housing"],
        ),
        "bup_0_6": measure(bup, "BUP sped- og småbarnsteam (0–6)", min_age=0, max_age=6,
                           municipalities=towns, **bup_fields),
        "bup_0_11": measure(bup, "BUP barneteam (0–11)", min_age=0, max_age=11,
                            municipalities=towns, **bup_fields),
        "bup_12_18": measure(bup, "BUP ungdomsteam (12–18)", min_age=12, max_age=17,
                             municipalities=towns, **bup_fields),
        "residence": measure(
            residence_org, "Bu- og omsorgstilbodet i Lærdal", Measure.Kind.RESIDENCE, towns,
            min_age=18, pathways=["3"], domains=["housing"],
            referral_kind=ReferralKind.ADMISSION, places=20, free_places=2,
        ),
        "day_centre": measure(
            sogndal_service, "Dagaktivitet Fjordstova", Measure.Kind.DAY_ACTIVITY,
            [sogndal, luster], min_age=18, domains=["activity", "network"],
            contact_name="Fjordstova", phone="57 00 00 50", opening_hours="kvardagar 09–15",
        ),
    }  # fmt: skip


@pytest.fixture
def stranger(db):
    """Signed in, but a member of no organisation."""
    return factories.UserFactory(username="framand")


@pytest.fixture
def everyone_on_staff(coordinator, reader, outsider):
    return [coordinator, reader, outsider]
