"""The benchmark runner: every scenario through Django's test Client, in process.

For each scenario: one warm-up request that also counts the queries, then
`repeat` timed requests; p50 and p95 of those. For API lists, the same rows
fetched by one raw SQL query are timed too, and the ratio printed. Results
go to bench-results/<label>-<timestamp>.json so runs can be compared.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from bops import collector
from scale.scenarios import SCENARIOS, Scenario, Subjects, find_subjects, late_values

# Targets from the issue, in milliseconds.
TARGET_PAGE_P95 = 150
TARGET_API_P95 = 100
TARGET_QUERIES = 20
TARGET_RAW_RATIO = 3.0
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


@dataclass
class Result:
    name: str
    url: str
    status: int
    queries: int
    p50_ms: float
    p95_ms: float
    runs: int
    raw_sql_ms: float | None = None
    ratio: float | None = None
    target_ms: float | None = None
    verdict: str = ""
    # p50 / the baseline scenario's p50: the same machine load cancels out.
    floor_ratio: float | None = None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _time_raw(sql: str, params: dict, repeat: int) -> float:
    timings = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def explain(captured: list[dict], stdout, top: int = 2) -> None:
    """EXPLAIN ANALYZE the slowest SELECTs of a request (plan summary lines)."""
    selects = [q for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    for query in sorted(selects, key=lambda q: -float(q["time"]))[:top]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        stdout.write(f"    -- {float(query['time']) * 1000:.1f} ms: {query['sql'][:160]}")
        for line in plan:
            if any(word in line for word in PLAN_WORDS):
                stdout.write(f"       {line.strip()[:150]}")


#: One person's data export as PDF, made in process: a second or so of WeasyPrint.
EXPORT_TARGET_MS = 3_000

PLAN_WORDS = ("Scan", "Sort", "Limit", "Join", "Aggregate", "Execution Time", "Unique")


def run_scenario(scenario: Scenario, subjects: Subjects, repeat: int, explain_to=None) -> Result:
    user = subjects.users[scenario.persona]
    url = scenario.url.format(**subjects.values)
    client = Client()
    client.force_login(user)
    # The report and the data export answer with their job's page; in process
    # (no broker) the job has run by then, so following it times the whole PDF.
    follow = scenario.kind in ("report", "export")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, follow=follow)
    queries = len(captured.captured_queries)
    if explain_to is not None:
        explain(captured.captured_queries, explain_to)
    timings = []
    for _ in range(scenario.repeat or repeat):
        started = time.perf_counter()
        response = client.get(url, follow=follow)
        timings.append((time.perf_counter() - started) * 1000)
        reset_queries()
    result = Result(
        name=scenario.name,
        url=url,
        status=response.status_code,
        queries=queries,
        p50_ms=round(statistics.median(timings), 1),
        p95_ms=round(percentile(timings, 0.95), 1),
        runs=len(timings),
    )
    if scenario.raw_sql:
        raw = _time_raw(scenario.raw_sql, subjects.values, scenario.repeat or repeat)
        result.raw_sql_ms = round(raw, 2)
        result.ratio = round(result.p50_ms / raw, 1) if raw else None
    _judge(scenario, result, subjects)
    return result


def _judge(scenario: Scenario, result: Result, subjects: Subjects) -> None:
    problems = []
    if result.status != 200:
        problems.append(f"HTTP {result.status}")
    if scenario.kind in ("report", "export"):
        limit = 15_000 if subjects.values.get("scale") == "national" else 3_000
        if scenario.kind == "export":
            limit = EXPORT_TARGET_MS
        result.target_ms = limit
        if result.p95_ms > limit:
            problems.append(f"p95 {result.p95_ms / limit:.1f}× target")
    else:
        limit = TARGET_API_P95 if scenario.kind.startswith("api") else TARGET_PAGE_P95
        result.target_ms = limit
        if result.p95_ms > limit:
            problems.append(f"p95 +{result.p95_ms - limit:.0f} ms")
        if result.queries > TARGET_QUERIES:
            problems.append(f"{result.queries} queries")
    if result.ratio is not None and result.ratio > TARGET_RAW_RATIO:
        problems.append(f"{result.ratio}× raw SQL")
    result.verdict = "met" if not problems else "MISSED: " + "; ".join(problems)


def run(
    label: str,
    repeat: int = 20,
    only: str | None = None,
    out_dir: str = "bench-results",
    stdout=None,
    explain: bool = False,
) -> dict:
    subjects = find_subjects()
    subjects.values["scale"] = label
    missing = [persona for persona, user in subjects.users.items() if user is None]
    if missing:
        raise RuntimeError(f"No user found for: {', '.join(missing)}")
    results = []
    floor = None
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    # In process, without collectstatic: plain static URLs (their cost is nil).
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    # As a server worker runs (gunicorn.conf.py): without it, full collections
    # of the benchmark's own growing heap made single requests 150-250 ms slower.
    collector.freeze_what_is_loaded()
    collector.collect_less_often()
    with override_settings(ALLOWED_HOSTS=hosts, BOPS_REQUIRE_2FA=False, STORAGES=storages):
        for scenario in SCENARIOS:
            if only and only.lower() not in scenario.name.lower():
                continue
            try:
                scenario.url.format(**subjects.values)
            except KeyError:
                subjects.values.update(late_values(subjects.values["coordinator_municipality"]))
            try:
                scenario.url.format(**subjects.values)
            except KeyError as missing:
                if stdout:
                    stdout.write(f"{scenario.name}: skipped, no {missing} in this data")
                continue
            result = run_scenario(scenario, subjects, repeat, stdout if explain else None)
            if scenario.name.startswith("baseline"):
                floor = result.p50_ms
            if floor:
                result.floor_ratio = round(result.p50_ms / floor, 1)
            results.append(result)
            if stdout:
                stdout.write(format_row(result))
    report = {
        "label": label,
        "at": timezone.now().isoformat(),
        "database": connection.settings_dict.get("NAME"),
        "repeat": repeat,
        "subjects": {k: v for k, v in subjects.values.items()},
        "results": [asdict(r) for r in results],
    }
    path = Path(out_dir)
    path.mkdir(exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    target = path / f"{label}-{stamp}.json"
    target.write_text(json.dumps(report, indent=2, default=str))
    report["file"] = str(target)
    return report


HEADER = (
    f"{'scenario':<40} {'HTTP':>4} {'queries':>7} {'p50 ms':>9} {'p95 ms':>9} "
    f"{'raw SQL ms':>10} {'ratio':>6} {'×floor':>6}  verdict"
)


def format_row(r: Result) -> str:
    raw = f"{r.raw_sql_ms:>10.2f}" if r.raw_sql_ms is not None else f"{'':>10}"
    ratio = f"{r.ratio:>5.1f}×" if r.ratio is not None else f"{'':>6}"
    floor = f"{r.floor_ratio:>5.1f}×" if r.floor_ratio is not None else f"{'':>6}"
    return (
        f"{r.name:<40} {r.status:>4} {r.queries:>7} {r.p50_ms:>9.1f} {r.p95_ms:>9.1f} "
        f"{raw} {ratio} {floor}  {r.verdict}"
    )
