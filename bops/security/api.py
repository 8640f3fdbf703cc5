"""The API token endpoint, with lockout and the second factor.

Username and password go through `authenticate()` with the request, so
django-axes counts failures and refuses a locked-out pair exactly as on the
login page. When `BOPS_REQUIRE_2FA` is on and the user's role sees personal
data, a token is only issued to a user with a confirmed TOTP device who sends
the current code as `otp_token` in the same request. A token is therefore
never weaker than a verified browser session.
"""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from bops.security import second_factor_required


class TokenRequestSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        label=_("One-time code"),
        required=False,
        allow_blank=True,
        max_length=6,
        help_text=_("The current code from the authenticator app (required when 2FA is on)."),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if not second_factor_required(user):
            return attrs
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
        if not devices:
            raise serializers.ValidationError(
                {"otp_token": [_("Set up a second factor in the browser before using the API.")]}
            )
        code = attrs.get("otp_token") or ""
        if not any(device.verify_token(code) for device in devices):
            raise serializers.ValidationError(
                {"otp_token": [_("The one-time code is missing, wrong or expired.")]}
            )
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class ObtainTokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes flags the DRF request it saw in authenticate().
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {
                        "detail": _(
                            "Too many failed logins. This user is locked for 30 minutes "
                            "from this address."
                        )
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


obtain_token = ObtainTokenView.as_view()
