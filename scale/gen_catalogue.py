"""Scale data: the catalogue of shared measures and the agreements between
the parties, the way the region's catalogue looks (catalogue/demo.py) in
every specialist area (see `generate.Generator`).

Per area: a cooperation agreement of the DPS, the BUP and the area's
municipal services, a notice routine, and per residence a service
agreement; a FACT team and an outpatient clinic at the DPS, a team at the
BUP, per municipality a low-threshold place and (in every other one) day
activity, and per residence its places. No personal data.
"""

from __future__ import annotations

import datetime
import json

from scale.shapes import DAY

ALL_DOMAINS = [
    "substance_use",
    "finances",
    "mental_health",
    "physical_health",
    "housing",
    "social_skills",
    "network",
    "activity",
]


class CatalogueMixin:
    """Methods of `Generator`; they use its random generator, ids and `_copy`."""

    def _catalogue(self) -> None:
        rng, today = self.rng, self.today
        agreements, parties, measures, served = [], [], [], []
        # (kind, municipality) → catalogue entry, for the plan measures that use one.
        self.catalogue_entry: dict[tuple[str, int], int] = {}

        def agreement(title, kind, members, flows, responsible_org, valid_from, review):
            pk = self.ids.take("catalogue_agreement")
            agreements.append(
                (
                    pk,
                    title,
                    kind,
                    "Tilvising, vurdering, behandling og tilbakeføring (skala).",
                    json.dumps(flows),
                    "Ring inntaksteamet ved tvil om nivå. Legg ved siste kartlegging.",
                    "Inntaksteamet",
                    "57 00 00 10",
                    "",
                    rng.choice(["1.0", "1.1", "2.0"]),
                    valid_from,
                    None,
                    review,
                    self.member.get(responsible_org),
                    responsible_org,
                )
            )
            for organisation in members:
                parties.append((self.ids.take("catalogue_agreement_parties"), pk, organisation))
            return pk

        def review_date():
            # Most are reviewed in time; one in eight is due within 60 days,
            # one in twelve overdue (the register and the report show both).
            n = len(agreements)
            if n % 8 == 1:
                return today + DAY * rng.randint(0, 60)
            if n % 12 == 5:
                return today - DAY * rng.randint(1, 200)
            return today + DAY * rng.randint(61, 700)

        def measure(name, kind, provider, municipalities, agreement_id=None, **fields):
            pk = self.ids.take("catalogue_measure")
            places = fields.get("places")
            measures.append(
                (
                    pk,
                    name,
                    kind,
                    provider,
                    fields.get("description", ""),
                    fields.get("min_age"),
                    fields.get("max_age"),
                    json.dumps(fields.get("pathways", [])),
                    fields.get("rop", True),
                    json.dumps(fields.get("domains", [])),
                    fields.get("referral_kind", ""),
                    None,
                    fields.get("contact_name", ""),
                    fields.get("phone", ""),
                    fields.get("opening_hours", ""),
                    fields.get("how_to_refer_note", ""),
                    places,
                    None if places is None else rng.randint(0, places),
                    None if places is None else today - DAY * rng.randrange(14),
                    agreement_id,
                    True,
                )
            )
            for municipality in municipalities:
                served.append((self.ids.take("catalogue_measure_municipalities"), pk, municipality))
                self.catalogue_entry.setdefault((kind, municipality), pk)
            return pk

        start = datetime.date(self.first_day.year, 1, 1)
        residences_of: dict[int, list] = {}
        for number, (organisation, _municipality, area) in enumerate(self.residence_orgs, 1):
            residences_of.setdefault(id(area), []).append((organisation, number))
        for number, area in enumerate(self.areas, start=1):
            services = [self.service_of[m] for m in area.municipalities]
            cooperation = agreement(
                f"Samarbeidsavtale om psykisk helse og rus, skalaområde {number:02d}",
                "cooperation",
                [area.dps, area.bup, *services],
                ["assessment", "advice", "return", "notice"],
                area.dps,
                start,
                review_date(),
            )
            agreement(
                f"Rutine for utskrivingsmelding, skalaområde {number:02d}",
                "routine",
                [area.dps, *services],
                ["return", "notice"],
                services[0],
                start + DAY * rng.randrange(365),
                review_date(),
            )
            measure(
                f"FACT skalaområde {number:02d}",
                "fact_team",
                area.dps,
                area.municipalities,
                cooperation,
                min_age=18,
                pathways=["3"],
                domains=["mental_health", "substance_use", "housing", "network"],
                referral_kind="assessment",
                contact_name="FACT-teamet",
                phone="57 00 00 11",
                opening_hours="kvardagar 08–20",
                places=50,
            )
            measure(
                f"DPS skalaområde {number:02d} – allmennpsykiatrisk poliklinikk",
                "dps_team",
                area.dps,
                area.municipalities,
                cooperation,
                min_age=18,
                domains=["mental_health", "substance_use"],
                referral_kind="assessment",
                contact_name="Inntaksteamet",
                opening_hours="kvardagar 08–15.30",
            )
            measure(
                f"BUP skalaområde {number:02d} – ungdomsteam",
                "bup_team",
                area.bup,
                area.municipalities,
                cooperation,
                min_age=0,
                max_age=17,
                rop=False,
                domains=["mental_health", "network", "activity"],
                referral_kind="assessment",
            )
            for i, municipality in enumerate(area.municipalities):
                service = self.service_of[municipality]
                measure(
                    f"Lågterskel treffstad {municipality:04d} (skala)",
                    "low_threshold",
                    service,
                    [municipality],
                    min_age=16,
                    domains=["network", "social_skills", "substance_use"],
                    opening_hours="tysdag og torsdag 12–20",
                )
                if i % 2 == 0:
                    measure(
                        f"Dagaktivitet {municipality:04d} (skala)",
                        "day_activity",
                        service,
                        area.municipalities[i : i + 2],
                        min_age=18,
                        domains=rng.sample(ALL_DOMAINS, 3),
                        how_to_refer_note="Ta kontakt direkte; ingen tilvising trengst.",
                    )
            for organisation, residence in residences_of.get(id(area), []):
                service_agreement = agreement(
                    f"Tenesteavtale om inntak til Skalabustad {residence:03d}",
                    "service",
                    [organisation, *services],
                    ["admission", "notice"],
                    organisation,
                    start + DAY * rng.randrange(200),
                    review_date(),
                )
                measure(
                    f"Bu- og omsorgstilbod Skalabustad {residence:03d}",
                    "residence",
                    organisation,
                    area.municipalities,
                    service_agreement,
                    min_age=18,
                    pathways=["3"],
                    domains=["housing", "mental_health", "substance_use"],
                    referral_kind="admission",
                    places=self.scale.places_per_residence,
                )
        self._copy(
            "agreements",
            "catalogue_agreement",
            [
                "id",
                "title",
                "kind",
                "scope",
                "flows",
                "routine",
                "contact_name",
                "contact_phone",
                "contact_email",
                "version",
                "valid_from",
                "valid_to",
                "next_review",
                "responsible_id",
                "responsible_organisation_id",
            ],
            agreements,
        )
        self._copy(
            "agreement parties",
            "catalogue_agreement_parties",
            ["id", "agreement_id", "organisation_id"],
            parties,
        )
        self._copy(
            "catalogue measures",
            "catalogue_measure",
            [
                "id",
                "name",
                "kind",
                "provider_id",
                "description",
                "min_age",
                "max_age",
                "pathways",
                "rop",
                "domains",
                "referral_kind",
                "receiver_id",
                "contact_name",
                "phone",
                "opening_hours",
                "how_to_refer_note",
                "places",
                "free_places",
                "free_places_on",
                "agreement_id",
                "active",
            ],
            measures,
        )
        self._copy(
            "measure municipalities",
            "catalogue_measure_municipalities",
            ["id", "measure_id", "municipality_id"],
            served,
        )
