"""Dates as dd.mm.yyyy, the same in every language BOPS offers (see __init__)."""

from bops.formats.common import *  # noqa: F403

DECIMAL_SEPARATOR = "."
