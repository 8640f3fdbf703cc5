"""The interface language: Nynorsk until the user chooses otherwise.

The browser's Accept-Language is ignored (a first visit from an English
browser is still in Nynorsk). A choice made with the language buttons is kept
in a cookie and, for a signed-in user, on their `LanguagePreference`, which is
copied into the session at login: the same language on every device.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language as django_set_language

SESSION_KEY = "bops_language"


class LanguagePreference(models.Model):
    """The language a user chose, remembered across devices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="language_preference",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        app_label = "bops"
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self) -> str:
        return f"{self.user} – {self.language}"


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


class LanguageMiddleware:
    """Instead of Django's LocaleMiddleware: session, then cookie, then Nynorsk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        language = (
            _supported(session.get(SESSION_KEY) if session is not None else None)
            or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def set_language(request):
    """Django's set_language, and the choice saved on the user's profile."""
    response = django_set_language(request)
    language = _supported(request.POST.get("language"))
    if language and request.method == "POST":
        request.session[SESSION_KEY] = language
        if request.user.is_authenticated:
            LanguagePreference.objects.update_or_create(
                user=request.user, defaults={"language": language}
            )
    return response


@receiver(user_logged_in)
def restore_language(sender, request, user, **kwargs):
    """The language chosen on another device follows the user to this one."""
    if request is None:
        return
    chosen = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if chosen:
        request.session[SESSION_KEY] = chosen
