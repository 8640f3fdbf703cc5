"""Running `seed_demo` and counting what it made, for test_seed_demo.py (the
command) and test_demo_data.py (the data it makes)."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from municipalities.models import (
    Assessment,
    Consent,
    Membership,
    Municipality,
    Organisation,
    PrivatePurchase,
    ServiceUser,
)

MODELS = [
    Municipality,
    Organisation,
    Membership,
    get_user_model(),
    ServiceUser,
    Assessment,
    Consent,
    PrivatePurchase,
]


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}
