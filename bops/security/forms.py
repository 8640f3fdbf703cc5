from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class OneTimeCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("The code has six digits."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = [device] if device is not None else list(devices)
        self.device = None

    def clean_token(self):
        token = self.cleaned_data["token"]
        for device in self.devices:
            # verify_token throttles repeated failures per device.
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(
            _("The code is wrong or has expired. Wait for a new code and try again.")
        )
