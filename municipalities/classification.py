"""The region's municipalities through the reforms, as data.

Source: Statistics Norway (SSB), Klassifikasjon for kommuneinndeling
(KLASS classification 131, https://www.ssb.no/klass/klassifikasjoner/131),
its versions of 2019, 2020 and 2024 and their correspondence tables:

- 1.1.2020 (kommune- og regionreforma): Sogn og Fjordane (14) became part of
  Vestland (46) and Buskerud (06) part of Viken (30), and every municipality
  got a new number; Balestrand (1418) and Leikanger (1419) merged with
  Sogndal (1420) into Sogndal (4640).
- 1.1.2024: Viken was split up again; Hemsedal (3042) is in Buskerud (33)
  with the number 3326.

A row is (number, name, county, valid from, valid until, successor's number).
`valid_until` is the last day a municipality existed (SSB writes the first
day it no longer did, 1.1.2020); `None` means still valid. Open-ended
beginnings (`None`) mean "before the history BOPS keeps".

`apply()` writes the rows; the data migration and the demo both call it, so a
new reform is one more row here, never a code branch.
"""

from __future__ import annotations

import datetime

REFORM_2020 = datetime.date(2020, 1, 1)
REFORM_2024 = datetime.date(2024, 1, 1)
_LAST_DAY_BEFORE_2020 = REFORM_2020 - datetime.timedelta(days=1)
_LAST_DAY_BEFORE_2024 = REFORM_2024 - datetime.timedelta(days=1)

SOGN_OG_FJORDANE = "Sogn og Fjordane"
VESTLAND = "Vestland"
BUSKERUD = "Buskerud"
VIKEN = "Viken"

# fmt: off
MUNICIPALITIES: list[tuple[str, str, str, datetime.date | None, datetime.date | None, str | None]] = [
    # Sogn og Fjordane until 31.12.2019
    ("1417", "Vik",        SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4639"),
    ("1418", "Balestrand", SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4640"),
    ("1419", "Leikanger",  SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4640"),
    ("1420", "Sogndal",    SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4640"),
    ("1421", "Aurland",    SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4641"),
    ("1422", "Lærdal",     SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4642"),
    ("1424", "Årdal",      SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4643"),
    ("1426", "Luster",     SOGN_OG_FJORDANE, None, _LAST_DAY_BEFORE_2020, "4644"),
    # Vestland from 1.1.2020
    ("4639", "Vik",        VESTLAND, REFORM_2020, None, None),
    ("4640", "Sogndal",    VESTLAND, REFORM_2020, None, None),
    ("4641", "Aurland",    VESTLAND, REFORM_2020, None, None),
    ("4642", "Lærdal",     VESTLAND, REFORM_2020, None, None),
    ("4643", "Årdal",      VESTLAND, REFORM_2020, None, None),
    ("4644", "Luster",     VESTLAND, REFORM_2020, None, None),
    # Hemsedal: Buskerud, Viken 2020-2023, Buskerud again from 2024
    ("0618", "Hemsedal",   BUSKERUD, None,        _LAST_DAY_BEFORE_2020, "3042"),
    ("3042", "Hemsedal",   VIKEN,    REFORM_2020, _LAST_DAY_BEFORE_2024, "3326"),
    ("3326", "Hemsedal",   BUSKERUD, REFORM_2024, None, None),
]
# fmt: on

NUMBERS = [row[0] for row in MUNICIPALITIES]


def apply(municipality_model, populations: dict[str, int] | None = None, create: bool = True):
    """Write the classification: validity, county and successor of each row.

    `create=False` only updates municipalities that exist (the data
    migration: an installation that never had the region gets nothing new,
    one that had an old number gets its successors). Returns the rows by
    number. Works with the real model and a migration's historical one.
    """
    populations = populations or {}
    existing = {m.number: m for m in municipality_model.objects.filter(number__in=NUMBERS)}
    if not create:
        wanted = set(existing)
        # The successors of every municipality present, down the chain.
        successor_of = {row[0]: row[5] for row in MUNICIPALITIES}
        for number in list(wanted):
            while successor_of.get(number):
                number = successor_of[number]
                wanted.add(number)
    else:
        wanted = set(NUMBERS)
    result = {}
    # Successors first, so a predecessor can point at its successor's row.
    for number, name, county, valid_from, valid_until, successor in reversed(MUNICIPALITIES):
        if number not in wanted:
            continue
        fields = {
            "name": name,
            "county": county,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "successor": result.get(successor) if successor else None,
        }
        if number in populations:
            fields["population"] = populations[number]
        municipality = existing.get(number)
        if municipality is None:
            municipality = municipality_model.objects.create(number=number, **fields)
        else:
            for field, value in fields.items():
                setattr(municipality, field, value)
            municipality.save()
        result[number] = municipality
    return result
