"""The shapes of the synthetic data sets.

`regional` is today's region (9 municipalities, about 130 people, one
20-place residence); `national` is the whole country the design must serve.
`tiny` exists for the smoke test of the generator and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int
    service_users: int
    referrals: int  # all kinds, admission referrals behind stays included
    residences: int
    places_per_residence: int
    years: int
    # Municipalities per specialist area: each area has one DPS, one BUP and
    # one regional council serving (catchment) those municipalities.
    area_size: int
    private_purchases: int

    @property
    def areas(self) -> int:
        return -(-self.municipalities // self.area_size)


SCALES = {
    "tiny": Scale("tiny", 3, 30, 60, 1, 4, 1, 3, 3),
    "regional": Scale("regional", 9, 130, 400, 1, 20, 5, 9, 13),
    "national": Scale("national", 356, 40_000, 400_000, 100, 20, 5, 8, 2_000),
}
