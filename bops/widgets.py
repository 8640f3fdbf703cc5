"""Widgets shared by every app's forms."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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


class QuickSelect(forms.Select):
    """A select that writes its options in Python instead of rendering a
    template for each one.

    Django renders every `<option>` through its own template: for a select of
    1 400 organisations (the agreements register's party filter at national
    scale) that was most of the page's time. The HTML is the same elements
    and attributes Django's templates write, escaped the same way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
