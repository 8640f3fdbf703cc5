"""What the scale data generator's parts share: ids handed out before rows
are written, the specialist areas, and the scale users' names."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

USER_PREFIX = "scale-"
PASSWORD = "scale-bench-2026"
DAY = datetime.timedelta(days=1)


@dataclass
class Ids:
    """Next free id per table (the database may already hold other rows)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class Area:
    municipalities: list[int]
    dps: int = 0
    bup: int = 0
    council: int = 0
