"""Run the benchmark suite against the configured database (see scale/bench.py).

    DATABASE_URL=postgres://.../bops_perf_national python manage.py bench --label national

Not a pass/fail test: it prints p50/p95 latency and query counts per page and
writes them to bench-results/<label>-<timestamp>.json.
"""

from django.core.management.base import BaseCommand

from scale import bench


class Command(BaseCommand):
    help = "Measure p50/p95 latency and query counts of the main pages and API endpoints."

    def add_arguments(self, parser):
        parser.add_argument("--label", default="bench", help="e.g. regional or national")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--only", help="run only scenarios whose name contains this")
        parser.add_argument("--out-dir", default="bench-results")
        parser.add_argument(
            "--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest queries"
        )

    def handle(self, *args, label, repeat, only, out_dir, explain, **options):
        self.stdout.write(f"Benchmark {label!r}, {repeat} timed requests per scenario")
        self.stdout.write(bench.HEADER)
        report = bench.run(
            label, repeat=repeat, only=only, out_dir=out_dir, stdout=self.stdout, explain=explain
        )
        self.stdout.write(f"Written to {report['file']}")
