from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BLANK_CHOICE_LABEL = _("Choose …")


class BopsConfig(AppConfig):
    name = "bops"
    verbose_name = _("BOPS")

    def ready(self):
        from django.db.models import fields

        from bops import metrics
        from bops.security import (
            sessions,  # noqa: F401 - connects the login stamp
            tokens,  # noqa: F401 - ends tokens on password change
        )

        use_one_placeholder(fields)
        metrics.register_core_collectors()


def use_one_placeholder(fields) -> None:
    """One translated placeholder for every empty choice. Django's are English:
    "- Select an option -" (6.1, settable) and "---------" (6.0, in the model
    fields' blank choice and as ModelChoiceField's default empty_label);
    django-filter's is FILTERS_EMPTY_CHOICE_LABEL in settings."""
    from django.forms import ModelChoiceField

    fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
    fields.BLANK_CHOICE_DASH[0] = ("", BLANK_CHOICE_LABEL)  # the list the fields share
    defaults = ModelChoiceField.__init__.__kwdefaults__
    if defaults.get("empty_label") == "---------":
        defaults["empty_label"] = BLANK_CHOICE_LABEL
