"""Many admissions saved at the same moment never overfill the residence."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from bops.errors import Conflict
from capacity import services
from capacity.models import Stay
from tests import factories


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_admissions_for_twenty_places_give_twenty_stays_and_twenty_refusals():
    residence = factories.residence_with_places(ordinary=16, shielded=4)
    people = [factories.ServiceUserFactory() for _ in range(40)]
    start = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def admit(person):
        # Each thread starts in the default language (Nynorsk); match the English id.
        translation.activate("en")
        try:
            start.wait()
            services.admit(person, residence=residence)
            result = "admitted"
        except Conflict as exc:
            result = str(exc)
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            result = f"error: {exc!r}"
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=admit, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(outcomes)) == ["admitted", "the residence is full"]
    assert outcomes.count("admitted") == 20
    assert outcomes.count("the residence is full") == 20
    assert Stay.objects.in_residence(residence).ongoing().count() == 20
    assert Stay.objects.values("place").distinct().count() == 20
