import datetime
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from tests import factories


def run(*args):
    """The command as beat runs it: outside a transaction, so its mails go at once."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("referral_digest", *args, stdout=out)
    return out.getvalue()


def received_on(make, day, **fields):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), datetime.UTC)):
        return make("received", **fields)


def test_the_digest_lists_overdue_and_due_soon_per_unit_and_mails_the_unit(
    make, dps, home_service, intake
):
    # Deadlines: received 19.12.2025 → 07.01.2026; received 05.01.2026 → 19.01.2026.
    late = received_on(make, datetime.date(2025, 12, 19))
    other = factories.ServiceUserFactory(home_municipality=home_service.municipality)
    factories.ConsentFactory(service_user=other, organisation=dps)
    soon = received_on(make, datetime.date(2026, 1, 5), service_user=other)
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
        output = run()
    assert "DPS Indre Sogn: 1 over fristen, 1 med frist snart" in output
    assert f"over fristen #{late.pk:<6} 07.01.2026" in output
    assert f"frist snart  #{soon.pk:<6} 19.01.2026" in output
    assert "Sende e-post til 1 eining(ar)." in output
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [intake.email]
    assert "15.01.2026" in mail.outbox[0].subject
    assert late.service_user.first_name not in mail.outbox[0].body


def test_the_digest_run_twice_on_a_day_mails_each_unit_once(make, intake):
    received_on(make, datetime.date(2025, 12, 19))
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
        run()
        run()
    assert len(mail.outbox) == 1


def test_the_digest_is_quiet_when_nothing_is_due(make, intake):
    make("accepted")
    assert "Ingen tilvisingar over fristen eller med frist snart." in run()
    assert mail.outbox == []


def test_no_mail_only_prints(make, intake):
    received_on(make, datetime.date(2025, 12, 19))
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
        output = run("--no-mail")
    assert "1 over fristen" in output
    assert mail.outbox == []
