"""Third-party apps under names a Nynorsk admin reads ("AXES" and "OTP_TOTP"
otherwise); INSTALLED_APPS names these configs instead of the packages.
(In a module of their own: bops/apps.py must hold only BOPS's own config.)"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts and lockouts")


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("Second factor (authenticator app)")
