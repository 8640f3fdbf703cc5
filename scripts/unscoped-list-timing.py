"""p50/p95 of the unscoped referral list (a superuser): page 1 and a page
100 000 rows deep, against the trivial API request in the same run. Runs in
any checkout, old or new, so before/after come from the same minutes:

    DATABASE_URL=... DEBUG=0 SECRET_KEY=x BOPS_REQUIRE_2FA=0 \\
      python manage.py shell -v 0 -c "exec(open('scripts/unscoped-list-timing.py').read())"

BOPS_DEEP=page uses `?page=2001` (an OFFSET, the old way) for the deep page;
otherwise the cursor a walk reaches there (`next`).
"""

import os
import statistics
import time

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from rest_framework.test import APIClient

REPEAT = int(os.environ.get("BOPS_REPEAT", "20"))
User = get_user_model()
admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
if admin is None:
    admin, _ = User.objects.get_or_create(
        username="scale-admin", defaults={"is_superuser": True, "is_staff": True}
    )
client = APIClient()
client.force_authenticate(admin)
if os.environ.get("BOPS_DEEP") == "page":
    deep = "/api/v1/referrals/?page_size=50&page=2001"
else:
    from scale.scenarios import find_subjects

    deep = "/api/v1/referrals/?page_size=50&cursor=" + find_subjects().values["deep_cursor"]
urls = {
    "floor: one organisation": "/api/v1/organisations/1/",
    "every referral, page 1": "/api/v1/referrals/?page_size=50",
    "every referral, 100 000 deep": deep,
}
with override_settings(ALLOWED_HOSTS=["*"], BOPS_REQUIRE_2FA=False):
    results = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[name] = (statistics.median(timings), timings[round(0.95 * (len(timings) - 1))])
    floor = results["floor: one organisation"][0]
    for name, (p50, p95) in results.items():
        print(f"{name:<32} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {p50 / floor:6.1f}× floor")
