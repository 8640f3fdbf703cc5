"""Demo data for the catalogue: the region's kinds of shared measures and
teams, and three agreements between the parties, one due for review.

Deterministic and idempotent: rows are found by natural keys (provider and
name, title and version) and updated. Runs after the data core's demo (it
needs the municipalities, organisations and logins)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from catalogue.models import Agreement, Measure, PlanMeasureEntry
from documents.models import Document
from municipalities import demo as core
from municipalities.models import Measure as PlanMeasure
from municipalities.models import Municipality, Organisation
from referrals.choices import Kind as ReferralKind


def seed(stdout) -> None:
    today = timezone.localdate()
    orgs = {o.name: o for o in Organisation.objects.all()}
    towns = {m.number: m for m in Municipality.objects.all()}
    sogn = [towns[n] for n in core.SOGN_NUMBERS]
    services = {n: orgs[f"Psykisk helse og rus {towns[n].name}"] for n in core.SOGN_NUMBERS}
    services[core.HEMSEDAL] = orgs["Psykisk helse og rus Hemsedal"]
    agreements = _agreements(today, orgs, services)
    measures = _measures(today, orgs, towns, sogn, services, agreements)
    attached = _agreement_documents(agreements.values())
    stdout.write(
        f"Catalogue: {len(measures)} measures and teams, {len(agreements)} agreements "
        f"({attached} agreement documents added)."
    )


def _agreement_documents(agreements) -> int:
    """The agreement text itself as a small synthetic PDF, once per agreement."""
    admin = _user("admin")
    if admin is None:
        return 0
    added = 0
    for agreement in agreements:
        if Document.objects.of(agreement).current().exists():
            continue
        text = agreement.title.encode("ascii", "replace").decode()
        pdf = (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + f"% {text}\n".encode()
            + b"trailer << /Root 1 0 R >>\n%%EOF\n"
        )
        Document.attach(
            agreement,
            upload=ContentFile(pdf, name="avtale.pdf"),
            title=f"{agreement.title} (versjon {agreement.version})",
            by=admin,
            mime_type="application/pdf",
        )
        added += 1
    return added


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _agreement(title: str, parties, **fields) -> Agreement:
    agreement, _ = Agreement.objects.update_or_create(
        title=title, version=fields.pop("version", "1.0"), defaults=fields
    )
    agreement.parties.set(parties)
    return agreement


def _agreements(today, orgs, services) -> dict[str, Agreement]:
    dps, bup, residence = orgs[core.DPS_INDRE_SOGN], orgs[core.SOGNDAL_BUP], orgs[core.RESIDENCE]
    sogn_services = [services[n] for n in core.SOGN_NUMBERS]
    F = Agreement.Flow
    result = {}
    result["specialist"] = _agreement(
        "Samarbeidsavtale om psykisk helse og rus: kommunane i Indre Sogn og Helse Førde",
        [*sogn_services, dps, bup],
        kind=Agreement.Kind.COOPERATION,
        version="2.1",
        scope=(
            "Tilvising, vurdering, behandling og tilbakeføring for vaksne (DPS) og born og "
            "unge (BUP) med psykiske lidingar og/eller rusproblem."
        ),
        flows=[F.ASSESSMENT, F.ADVICE, F.RETURN, F.NOTICE],
        routine=(
            "Ring inntaksteamet før tilvising ved tvil om nivå. Legg ved siste kartlegging "
            "(Brukerplan) og kriseplan. Avslag kjem med råd til kommunen innan 10 "
            "yrkedagar. Ved utskriving sender DPS/BUP melding til kommunen si teneste, "
            "ikkje til éin person."
        ),
        contact_name="Inntaksteamet DPS Indre Sogn",
        contact_phone="57 00 00 10",
        contact_email="inntak@dps-indre-sogn.bops.test",
        valid_from=datetime.date(today.year - 1, 1, 1),
        next_review=today + datetime.timedelta(days=240),
        responsible=_user("inntak-dps"),
        responsible_organisation=dps,
    )
    result["residence"] = _agreement(
        "Tenesteavtale om tilvising og inntak til bu- og omsorgstilbodet i Lærdal",
        [*sogn_services, services[core.HEMSEDAL], residence],
        kind=Agreement.Kind.SERVICE,
        scope="Søknad, venteliste, inntak, utskriving og kostnadsdeling for dei 20 plassane.",
        flows=[F.ADMISSION, F.NOTICE],
        routine=(
            "Tilvising av typen «inntak» er søknaden. Legg ved vedtak om tenester og "
            "individuell plan. Inntaksteamet avgjer på møtet kvar tysdag."
        ),
        contact_name="Leiar, bu- og omsorgstilbodet",
        contact_phone="57 00 00 20",
        contact_email="inntak@bu-og-omsorg.bops.test",
        valid_from=datetime.date(today.year - 2, 6, 1),
        next_review=today + datetime.timedelta(days=30),  # due for review in the demo
        responsible=_user("leiar-bops"),
        responsible_organisation=residence,
    )
    result["discharge"] = _agreement(
        "Rutine for utskrivingsmelding frå DPS Indre Sogn til heimkommunen",
        [dps, services[core.LAERDAL], services[core.SOGNDAL], services["4644"]],
        kind=Agreement.Kind.ROUTINE,
        flows=[F.RETURN, F.NOTICE],
        routine=(
            "Melding om planlagd utskriving minst tre yrkedagar før. Kommunen kvitterer "
            "same dag; ukvittert melding vert følgd opp på telefon."
        ),
        contact_name="Koordinerande eining, Lærdal",
        contact_phone="57 00 00 30",
        valid_from=datetime.date(today.year, 1, 1),
        next_review=today + datetime.timedelta(days=300),
        responsible=_user("koordinator-laerdal"),
        responsible_organisation=services[core.LAERDAL],
    )
    return result


def _measure(provider, name: str, municipalities, **fields) -> Measure:
    measure, _ = Measure.objects.update_or_create(
        provider=provider, name=name, defaults={"active": True, **fields}
    )
    measure.municipalities.set(municipalities)
    return measure


def _measures(today, orgs, towns, sogn, services, agreements) -> list[Measure]:
    K = Measure.Kind
    dps, bup, residence = orgs[core.DPS_INDRE_SOGN], orgs[core.SOGNDAL_BUP], orgs[core.RESIDENCE]
    north = [
        towns[n] for n in (core.SOGNDAL, "4644")
    ]  # Sogndal (with Balestrand and Leikanger) and Luster
    bup_team = {
        "kind": K.BUP_TEAM,
        "rop": False,
        "domains": ["mental_health", "network", "activity"],
        "referral_kind": ReferralKind.ASSESSMENT,
        "contact_name": "Inntak Sogndal BUP",
        "phone": "57 00 00 40",
        "opening_hours": "kvardagar 08–15",
        "agreement": agreements["specialist"],
    }
    rows = [
        _measure(
            dps, "FACT Indre Sogn", sogn, kind=K.FACT_TEAM, min_age=18, pathways=["3"],
            domains=["mental_health", "substance_use", "housing", "network", "physical_health"],
            description="Oppsøkjande tverrfagleg team for vaksne med alvorleg psykisk liding "
            "og/eller rus som ikkje nyttar ordinære tilbod.",
            referral_kind=ReferralKind.ASSESSMENT, contact_name="FACT-teamet",
            phone="57 00 00 11", opening_hours="kvardagar 08–20", places=50, free_places=6,
            free_places_on=today, agreement=agreements["specialist"],
        ),
        _measure(
            services[core.LAERDAL], "Øyeblikkeleg hjelp-senger rus og psykiatri, Lærdal", sogn,
            kind=K.ACUTE_BEDS, min_age=18, domains=["mental_health", "substance_use"],
            description="Kommunale akuttsenger (KAD) for rus og psykisk helse, inntil tre døgn.",
            contact_name="Legevakta Lærdal", phone="116 117", opening_hours="heile døgnet",
            how_to_refer_note="Lege eller legevakt ringer og avtalar innlegging.",
            places=3, free_places=1, free_places_on=today,
        ),
        _measure(
            services[core.SOGNDAL], "Dagaktivitet Fjordstova", north, kind=K.DAY_ACTIVITY,
            min_age=18, domains=["activity", "network", "social_skills"],
            description="Dagtilbod med kafé, verkstad og turgruppe.",
            contact_name="Fjordstova", phone="57 00 00 50", opening_hours="måndag–fredag 09–15",
            how_to_refer_note="Ta kontakt direkte; ingen tilvising trengst.",
        ),
        _measure(
            services[core.SOGNDAL], "IPS jobbstøtte Sogn", sogn, kind=K.IPS, min_age=18,
            domains=["activity", "finances"],
            description="Individuell jobbstøtte etter IPS-modellen, saman med NAV.",
            contact_name="IPS-jobbspesialist", phone="57 00 00 51",
            opening_hours="kvardagar 08–15.30",
        ),
        _measure(
            services["4643"], "Bustad med oppfølging, Årdal", [towns["4643"]],
            kind=K.SUPPORTED_HOUSING, min_age=18, pathways=["2", "3"], domains=["housing"],
            description="Seks husvære med bemanning på dagtid.",
            contact_name="Tildelingskontoret Årdal", phone="57 00 00 60",
            how_to_refer_note="Søknad om kommunale tenester til tildelingskontoret.",
            places=6, free_places=0, free_places_on=today,
        ),
        _measure(
            services[core.LAERDAL], "Lågterskel treffstad og likepersonar", sogn,
            kind=K.LOW_THRESHOLD, min_age=16,
            domains=["network", "social_skills", "substance_use"],
            description="Open treffstad med likepersonar (erfaringskonsulentar).",
            contact_name="Treffstaden", phone="57 00 00 70",
            opening_hours="tysdag og torsdag 12–20",
        ),
        _measure(
            residence, "Bu- og omsorgstilbodet i Lærdal", [*sogn, towns[core.HEMSEDAL]],
            kind=K.RESIDENCE, min_age=18, pathways=["3"],
            domains=["housing", "mental_health", "substance_use", "physical_health"],
            description="Interkommunalt bu- og omsorgstilbod med 20 plassar og heildøgns "
            "bemanning, med høve til skjerma eining.",
            referral_kind=ReferralKind.ADMISSION, places=20, free_places=2,
            free_places_on=today, agreement=agreements["residence"],
        ),
        _measure(
            dps, "DPS Indre Sogn – allmennpsykiatrisk poliklinikk", sogn, kind=K.DPS_TEAM,
            min_age=18, domains=["mental_health", "substance_use"],
            referral_kind=ReferralKind.ASSESSMENT, contact_name="Inntaksteamet",
            phone="57 00 00 10", opening_hours="kvardagar 08–15.30",
            agreement=agreements["specialist"],
        ),
        _measure(
            bup, "Sogndal BUP – sped- og småbarnsteam (0–6)", sogn, min_age=0, max_age=6,
            **bup_team,
        ),
        _measure(
            bup, "Sogndal BUP – barneteam (0–11)", sogn, min_age=0, max_age=11, **bup_team
        ),
        _measure(
            bup, "Sogndal BUP – ungdomsteam (12–18)", sogn, min_age=12, max_age=17,
            description="For ungdom frå 12 år til fylte 18.", **bup_team,
        ),
    ]  # fmt: skip
    return rows


# Which catalogue kinds a demo plan measure uses, by its text (the plans
# demo's measures, municipalities/plans/demo.py); a measure not named here
# is the service's own work and points at no shared measure.
PLAN_MEASURE_KINDS = {
    "Dagsenter med arbeidstrening": [Measure.Kind.DAY_ACTIVITY, Measure.Kind.IPS],
    "Støttekontakt til fritidsaktivitetar": [Measure.Kind.LOW_THRESHOLD],
    "Poliklinisk behandling ved DPS": [Measure.Kind.DPS_TEAM],
    "Medisinsk oppfølging og samtaleterapi": [Measure.Kind.FACT_TEAM, Measure.Kind.DPS_TEAM],
    "Bu- og omsorgstilbod med personale heile døgeret": [Measure.Kind.RESIDENCE],
}


def link_plan_measures(stdout) -> None:
    """Point the demo plans' measures at the shared measure they use: the
    first kind in PLAN_MEASURE_KINDS with an active entry that serves the
    person's municipality and age (a DPS measure only to that DPS's own
    entries, FACT only on pathway 3). Runs after both the plans and the
    catalogue demo; deterministic, and a measure already linked is left."""
    today = timezone.localdate()
    entries = list(Measure.objects.active().prefetch_related("municipalities").order_by("pk"))
    serves = {entry.pk: {m.pk for m in entry.municipalities.all()} for entry in entries}
    unlinked = (
        PlanMeasure.objects.filter(
            catalogue_link__isnull=True, description__in=list(PLAN_MEASURE_KINDS)
        )
        .select_related("plan__service_user", "responsible_organisation")
        .order_by("pk")
    )
    links = []
    for measure in unlinked:
        person = measure.plan.service_user
        age = person.age_on(today)
        for kind in PLAN_MEASURE_KINDS[measure.description]:
            if kind == Measure.Kind.FACT_TEAM and person.main_pathway != 3:
                continue
            found = next(
                (
                    entry
                    for entry in entries
                    if entry.kind == kind
                    and person.home_municipality_id in serves[entry.pk]
                    and (entry.min_age is None or entry.min_age <= age)
                    and (entry.max_age is None or age <= entry.max_age)
                    and (
                        measure.responsible_organisation.kind != Organisation.Kind.DPS
                        or entry.provider_id == measure.responsible_organisation_id
                    )
                ),
                None,
            )
            if found is not None:
                links.append(PlanMeasureEntry(plan_measure=measure, entry=found))
                break
    PlanMeasureEntry.objects.bulk_create(links)
    total = PlanMeasureEntry.objects.count()
    stdout.write(
        f"Catalogue: {len(links)} plan measures linked to shared measures ({total} in all)."
    )
