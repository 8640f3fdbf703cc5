"""The shared residence: places, applications, stays and the cost key.

Date conventions (used everywhere in this app):
- A stay occupies the nights from `start` up to, not including, `end`: the
  range is half-open, daterange(start, end, '[)'). The day a resident leaves
  is free for the next one, and bed-days = end - start (the midnight census).
  An empty `end` means the stay is ongoing.
- A residence's number of places is derived, never stored: it is the number
  of its active places, so the two can never disagree. Places have no
  activation history; a place cannot be deactivated while someone lives in it.

Multi-object changes (admission, discharge, offers) live in
`capacity.services`; they lock the residence row so that admissions to one
residence happen one at a time."""

from capacity.models.applications import Application, ApplicationEvent, IntakeMeeting
from capacity.models.residences import CostKey, Place, Residence, Unit
from capacity.models.stays import Stay

__all__ = [
    "Residence",
    "Unit",
    "Place",
    "CostKey",
    "Application",
    "ApplicationEvent",
    "IntakeMeeting",
    "Stay",
]
