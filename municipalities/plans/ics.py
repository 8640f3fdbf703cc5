"""A meeting invitation as an iCalendar file (RFC 5545)."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event


def invitation(meeting) -> bytes:
    """One VEVENT: time, place and agenda. The person's name is not in the
    summary, so a calendar preview on a shared screen does not show it."""
    calendar = Calendar()
    calendar.add("prodid", "-//BOPS//individuell plan//NN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"bops-plan-meeting-{meeting.pk}@bops")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", "Ansvarsgruppemøte")
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    calendar.add_component(event)
    return calendar.to_ical()
