"""Widgets shared by every app's forms."""

from __future__ import annotations

from django import forms


class LimitedTextarea(forms.Textarea):
    """A textarea that never cuts what is pasted into it.

    A `maxlength` attribute makes the browser drop whatever goes past the
    limit without a word. Here the limit moves to `data-maxlength`: the field
    shows it and a live count (static/js/text-limit.js), and the form's own
    max_length check refuses a longer text with a message.
    """

    template_name = "bops/widgets/limited_textarea.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        limit = attrs.pop("maxlength", None)
        if limit:
            attrs["data-maxlength"] = limit
            counter = f"{attrs.get('id', name)}_counter"
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} {counter}".strip()
            context["widget"]["limit"] = int(limit)
            context["widget"]["counter_id"] = counter
        return context
