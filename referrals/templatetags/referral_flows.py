"""What governs the flow a referral form is about to use (filled by the
apps registered on `referrals.hooks.agreement_for_flow`)."""

from django import template
from django.utils.safestring import mark_safe

from referrals.hooks import agreement_for_flow
from referrals.models import Referral

register = template.Library()


@register.simple_tag
def flow_agreement(form) -> str:
    """The routine and contact between the chosen sender and receiver, for
    the chosen kind of referral ("" when none is known)."""
    sender, receiver = form._chosen("sender"), form._chosen("receiver")
    kind = form._value("kind")
    if sender is None or receiver is None or kind not in Referral.Kind.values:
        return ""
    return mark_safe("".join(agreement_for_flow.call_all(sender, receiver, kind)))
