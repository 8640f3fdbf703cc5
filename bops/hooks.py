"""Registered hooks: how a higher layer plugs into a lower one.

The layers point one way (README, "Architecture notes"; the import-linter
contract in pyproject.toml): the core in `bops/` imports no domain app,
`municipalities` imports no app above it, and so on. When a lower layer needs
something only a higher app knows (who else may see a person, which panels a
dashboard shows, what stops an anonymisation, which demo data to seed), it
declares a `Hook` and asks it; the higher app registers a plain function in
its `AppConfig.ready()`:

    # municipalities/visibility.py (low)
    person_sources = Hook("person_sources")

    # referrals/apps.py (high)
    def ready(self):
        from municipalities.visibility import person_sources
        from referrals.visibility import people_seen_through_referrals
        person_sources.register(people_seen_through_referrals)

A hook is an ordered list of functions: `order` sorts them (lower first),
and registering the same function twice keeps one entry, so a `ready()` that
runs twice (tests, reloads) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


class Hook:
    """A named point where higher apps register functions for a lower one."""

    def __init__(self, name: str, *, single: bool = False):
        self.name = name
        self.single = single
        self._entries: list[tuple[int, Callable, dict]] = []

    def register(self, function: Callable | None = None, *, order: int = 100, **meta: Any):
        """Register `function` (also usable as a decorator). `meta` is kept
        beside it for the caller (a dashboard panel's template, say)."""

        def add(fn: Callable) -> Callable:
            self._entries = [entry for entry in self._entries if entry[1] is not fn]
            if self.single:
                self._entries = []
            self._entries.append((order, fn, meta))
            self._entries.sort(key=lambda entry: entry[0])
            return fn

        return add(function) if function is not None else add

    def unregister(self, function: Callable) -> None:
        self._entries = [entry for entry in self._entries if entry[1] is not function]

    def __iter__(self) -> Iterator[Callable]:
        return iter([fn for _, fn, _ in self._entries])

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[tuple[Callable, dict]]:
        """The registered functions with their meta, in order."""
        return [(fn, meta) for _, fn, meta in self._entries]

    def call_all(self, *args, **kwargs) -> list:
        """Each registered function's answer, in order."""
        return [fn(*args, **kwargs) for fn in self]

    def call_one(self, *args, **kwargs):
        """The answer of the one registered function (for `single` hooks).
        Nothing registered is a configuration error, said plainly."""
        if not self._entries:
            raise LookupError(f"nothing is registered for the hook {self.name!r}")
        return self._entries[-1][1](*args, **kwargs)
