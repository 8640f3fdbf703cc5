"""What governs the flow a referral form is about to use (filled by the
apps registered on `referrals.hooks.agreement_for_flow`)."""

from django import template
from django.utils.safestring import mark_safe

from referrals.choices import Kind as ReferralKind
from referrals.hooks import agreement_for_flow

register = template.Library()


@register.simple_tag
def flow_agreement(form) -> str:
    """The routine and contact between the chosen sender and receiver, for
    the chosen kind of referral ("" when none is known)."""
    # Ids, not rows: the agreement is found by its parties' ids, so the form
    # costs no extra queries for the two units.
    sender, receiver = str(form.value("sender")), str(form.value("receiver"))
    kind = form.value("kind")
    if not (sender.isdigit() and receiver.isdigit()) or kind not in ReferralKind.values:
        return ""
    return mark_safe("".join(agreement_for_flow.call_all(int(sender), int(receiver), kind)))
