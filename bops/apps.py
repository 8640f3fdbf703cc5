from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BLANK_CHOICE_LABEL = _("Choose …")


class BopsConfig(AppConfig):
    name = "bops"
    verbose_name = _("BOPS")

    def ready(self):
        from django.db.models import fields

        # One translated placeholder for every empty choice (Django's default is
        # an English "- Select an option -"; django-filter's is set in settings).
        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
        # rest_framework.authtoken must stay installed by its package name (its
        # Token model checks for it), so its admin name is set here.
        self.apps.get_app_config("authtoken").verbose_name = _("API tokens")
        from bops.security import sessions  # noqa: F401 - connects the login stamp
