"""CPU per request of the busiest unit's inbox API, in process.

Python's own CPU time (time.process_time) is what a loaded, shared machine
disturbs least: the wall time of a request moves 2-4 x with other work, the
CPU the process spends on it much less. Run it in two trees (old and new
code) on the same database, alternating, and compare:

    export DATABASE_URL=... DEBUG=0 SECRET_KEY=x BOPS_REQUIRE_2FA=0 ALLOWED_HOSTS=127.0.0.1 \\
      BOPS_API_RATE_USER=1000000/hour
    python manage.py shell -v 0 -c "exec(open('scripts/inbox-cpu.py').read())"

Prints statements per request, Python CPU ms, the PostgreSQL backend's CPU
ms (read from /proc: PostgreSQL on this machine only, else -1) and wall ms
per request (median of 5 rounds of N requests, N from BOPS_CPU_N, default
100). Run from the old tree with this file's path to measure old code:

    (cd /tmp/bops-load-baseline-<sha> && python manage.py shell -v 0 -c \
      "exec(open('/path/to/scripts/inbox-cpu.py').read())")
"""

import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from scale.scenarios import find_subjects

subjects = find_subjects()
_, token = AuthToken.objects.create(user=subjects.users["intake"])
url = f"/api/v1/referrals/?receiver={subjects.values['busiest_unit']}&status=received"
client = Client(HTTP_AUTHORIZATION=f"Token {token}", SERVER_NAME="127.0.0.1")
for _ in range(10):
    assert client.get(url).status_code == 200
with CaptureQueriesContext(connection) as queries:
    client.get(url)
# Read now: every request of the test client empties the query log.
statements = len(queries.captured_queries)
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]


def backend_cpu() -> float:
    """Seconds of CPU the PostgreSQL backend serving this process has used."""
    try:
        with open(f"/proc/{backend}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


n = int(os.environ.get("BOPS_CPU_N", "100"))
cpu, pg, wall = [], [], []
for _ in range(5):
    c0, p0, w0 = time.process_time(), backend_cpu(), time.perf_counter()
    for _ in range(n):
        client.get(url)
    cpu.append((time.process_time() - c0) / n * 1000)
    pg.append((backend_cpu() - p0) / n * 1000 if p0 >= 0 else -1)
    wall.append((time.perf_counter() - w0) / n * 1000)
print(
    f"RESULT statements={statements} cpu_ms={statistics.median(cpu):.2f} "
    f"pg_cpu_ms={statistics.median(pg):.2f} wall_ms={statistics.median(wall):.2f}"
)
