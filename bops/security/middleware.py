from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from bops.security import second_factor_required

# Pages a user who still owes the second factor may reach: the factor pages
# themselves, logging out and choosing a language.
EXEMPT_VIEWS = {
    "security:enrol",
    "security:verify",
    "login",
    "logout",
    "set_language",
    "admin:login",
    "admin:logout",
    "api-token",
}


class RequireSecondFactorMiddleware:
    """Send a signed-in user whose role sees personal data to the second
    factor before any other page, when `BOPS_REQUIRE_2FA` is on.

    Users with a confirmed TOTP device go to the verification step, others to
    enrolment. Session requests to the API get a 403 instead of a redirect.
    Token-authenticated API requests are authenticated inside DRF, after this
    middleware, and are covered by the token endpoint instead (a token is
    only issued with a valid one-time code).
    Must come after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.view_name in EXEMPT_VIEWS:
            return None
        if not second_factor_required(user):
            return None
        if request.path.startswith(("/api/", "/fhir/")):
            return JsonResponse(
                {"detail": _("Verify your second factor in the browser first.")}, status=403
            )
        target = "security:verify" if user_has_device(user) else "security:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
