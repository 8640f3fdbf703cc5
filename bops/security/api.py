"""The API token endpoint, with lockout and the second factor.

Username and password go through `authenticate()` with the request, so
django-axes counts failures and refuses a locked-out pair exactly as on the
login page. When `BOPS_REQUIRE_2FA` is on and the user's role sees personal
data, a token is only issued to a user with a confirmed TOTP device who sends
the current code as `otp_token` in the same request. A token is therefore
never weaker than a verified browser session.

Tokens are django-rest-knox tokens (bops/security/tokens.py): stored as a
digest, with an expiry, ended by a password change, deactivation or
lockout. A user lists and revokes their own under `/api/v1/auth/tokens/`.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bops import access
from bops.security import second_factor_required, tokens
from bops.throttles import TokenRateThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), write_only=True, max_length=150)
    password = serializers.CharField(
        label=_("Password"),
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        max_length=4096,
    )
    otp_token = serializers.CharField(
        label=_("One-time code"),
        required=False,
        allow_blank=True,
        max_length=6,
        help_text=_("The current code from the authenticator app (required when 2FA is on)."),
    )

    def validate(self, attrs):
        # The request goes along so django-axes counts and locks as on the
        # login page.
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        attrs["user"] = user
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
    expiry = serializers.DateTimeField(read_only=True, allow_null=True)


class ObtainTokenView(APIView):
    """Username and password (and the one-time code) for a new token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer
    throttle_classes = [TokenRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
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
        if access.is_board_only(serializer.validated_data["user"]):
            # A wall screen login shows one page in a browser, and nothing else.
            return Response(
                {"detail": _("A wall screen login has no access to the API.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        instance, key = tokens.issue_token(serializer.validated_data["user"])
        return Response(TokenResponseSerializer({"token": key, "expiry": instance.expiry}).data)


class OwnTokenSerializer(serializers.Serializer):
    key = serializers.CharField(
        source="token_key",
        read_only=True,
        help_text=_("The first characters of the token: enough to name it, not to use it."),
    )
    created = serializers.DateTimeField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True, allow_null=True)
    current = serializers.SerializerMethodField(
        help_text=_("Whether this request was made with this token.")
    )

    def get_current(self, obj) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return getattr(auth, "digest", None) == obj.digest


class OwnTokenListView(generics.ListAPIView):
    """The signed-in user's live tokens (GET), or end them all (DELETE)."""

    serializer_class = OwnTokenSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return tokens.live_tokens(self.request.user)

    @extend_schema(operation_id="auth_tokens_revoke_all", responses={204: None})
    def delete(self, request, *args, **kwargs):
        tokens.revoke_all(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnTokenDetailView(APIView):
    """End one of the user's own tokens; another user's is 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = OwnTokenSerializer

    @extend_schema(operation_id="auth_tokens_revoke", responses={204: None})
    def delete(self, request, key, *args, **kwargs):
        if not tokens.revoke_own(request.user, key):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    """End the token this request was made with."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, *args, **kwargs):
        if request.auth is not None and hasattr(request.auth, "digest"):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


obtain_token = ObtainTokenView.as_view()
