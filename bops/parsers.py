"""The API's JSON parser: DRF's, with a limit on nesting.

Python's json module recurses once per level, so a body of a few hundred
thousand ``[`` ends in RecursionError (a 500) and even a moderately deep one
costs time in every serializer that walks it. No BOPS request needs more
than a few levels; anything deeper than `BOPS_API_MAX_JSON_DEPTH` is a 400
before it is parsed.
"""

from __future__ import annotations

import codecs

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

DEFAULT_MAX_DEPTH = 8


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted
    without parsing it (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as exc:  # UnicodeDecodeError included
            raise ParseError(f"JSON parse error - {exc}") from exc
        limit = getattr(settings, "BOPS_API_MAX_JSON_DEPTH", DEFAULT_MAX_DEPTH)
        if nesting_depth(text) > limit:
            raise ParseError(
                _("The JSON is nested deeper than %(limit)d levels.") % {"limit": limit}
            )
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
