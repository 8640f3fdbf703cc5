"""The core of the referral life cycle (referrals/transitions.py): one
transition of the table made under a row lock with its event, and what the
sender's and the receiver's moves share (a closing move's reason, reopening
within the window)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bops.formats import format_date
from referrals.choices import CLOSING_REASONS, REOPEN_WITHIN_DAYS, TRANSITIONS
from referrals.rules import ConflictError, ReferralRules, TransitionError


def _stale(now: int, sent) -> ConflictError:
    return ConflictError(
        _("The referral was changed by someone else (version %(now)s, not %(sent)s).")
        % {"now": now, "sent": sent},
        version=now,
    )


def recommendation_lines(text: str) -> list[str]:
    """A return's recommendations text as items: one per line, list marks
    ("-", "•", "1.") dropped."""
    lines = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*").strip()
        head, dot, rest = line.partition(". ")
        if dot and head.isdigit():
            line = rest.strip()
        if line:
            lines.append(line)
    return lines


class TransitionCore(ReferralRules):
    def _transition(self, name: str, *, by, note: str = "", version: int | None = None, **fields):
        """Make the transition `name` of the table (referrals/choices.py):
        save `fields`, bump the version and append the event, all in one
        transaction under a row lock.

        The row lock plus the version check is what makes two people deciding
        at once end with one winner: the second waits for the lock, then sees
        the status or version the first left and gets an error.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if version is not None and int(version) != current.version:
                raise _stale(current.version, version)
            transition = TRANSITIONS[name]
            if not transition.applies_to(current.status, current.kind):
                raise TransitionError(
                    _("A referral that is %(status)s cannot become %(to)s.")
                    % {
                        "status": current.get_status_display(),
                        "to": transition.target.label,
                    },
                    status=current.status,
                    field="to",
                )
            if transition.reopens:
                closed_at = (
                    current.events.filter(to_status=current.status, kind="change")
                    .order_by("-at", "-pk")
                    .values_list("at", flat=True)
                    .first()
                )
                if closed_at is None or not current.may_still_reopen(closed_at):
                    raise TransitionError(
                        _(
                            "A referral can only be reopened within %(days)s days of being "
                            "closed. This one was closed %(day)s."
                        )
                        % {"days": REOPEN_WITHIN_DAYS, "day": format_date(closed_at)},
                        code="reopen_too_late",
                        status=current.status,
                        field="to",
                    )
            from_status = current.status
            to = transition.target
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            self.version = current.version + 1
            self.save(update_fields=["status", "version", "updated_at", *fields])
            return self.events.model.objects.create(
                referral=self, by=by, from_status=from_status, to_status=to, note=note
            )

    def _require_reason(self, name: str, reason: str, note: str) -> None:
        """A closing move needs its reason category, and words when it is
        "other". Only asked while the move applies: otherwise the status
        error says more."""
        argument, choices = CLOSING_REASONS[name]
        if not TRANSITIONS[name].applies_to(self.status, self.kind):
            return
        if reason not in choices.values:
            raise ValidationError({argument: _("Choose the reason.")})
        if reason == choices.OTHER and not (note or "").strip():
            raise ValidationError({"note": _("Describe the reason when you choose other.")})

    def _reopen(self, name: str, *, by, note: str, version: int | None, **fields):
        """Make the reopening `name` with its required comment, which the
        event keeps (the 30-day window is checked under the row lock)."""
        transition = TRANSITIONS[name]
        self._require_side(by, transition.side)
        # A referral that is not closed gets the status error, not this one.
        if transition.applies_to(self.status, self.kind) and not (note or "").strip():
            raise ValidationError({"note": _("Write why the referral is reopened.")})
        return self._transition(name, by=by, note=note.strip(), version=version, **fields)

    @staticmethod
    def _with_earlier(note: str, reason: str) -> str:
        """The comment, then why the referral was closed (kept in the event)."""
        if not (note or "").strip() or not reason:
            return note
        return f"{note.strip()}\n\n" + _("Closed earlier: %(reason)s.") % {"reason": reason}
