"""Scheduled articles: dated later than now, published on their day. Pure."""

import datetime
from zoneinfo import ZoneInfo


def is_scheduled(date, now=None):
    """Tell whether an article of this date is not due yet, as Pelican's WITH_FUTURE_DATES
    decides it (an aware date against the time now, a naive one against the local clock).

    `now`: the moment to decide it at (an aware or naive datetime), or None for now.
    """
    if date is None:
        return False
    if now is None:
        now = datetime.datetime.now(datetime.UTC if date.tzinfo else None)
    return comparable(date) > comparable(now)


def comparable(moment):
    """Return `moment` aware: a naive date and time is on the local clock, as Pelican reads it."""
    return moment if moment.tzinfo else moment.astimezone()


def as_of_moment(text, zone=None):
    """Return the moment of CLINIC_AS_OF's `text` (ISO 8601), or None if it is not one.

    Without an offset it is in `zone` (the name of the site's TIMEZONE), as Pelican reads a
    `Date:` without one; with no zone, on the machine's clock.
    """
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=ZoneInfo(zone)) if zone and moment.tzinfo is None else moment


def scheduled_moments(drafts, now=None, name=str):
    """Return the dates of the articles among `drafts` that are drafts only because they are
    not due yet (published on their day, unlike a `Status: draft`), in order: each a
    {"date": ISO 8601, "files": the name of each article of that date}."""
    files = {}
    for draft in drafts:
        scheduled = is_scheduled(getattr(draft, "date", None), now)
        if scheduled and str(draft.metadata.get("status", "")).lower() != "draft":
            files.setdefault(draft.date.isoformat(), []).append(name(draft.source_path))
    order = sorted(files, key=lambda text: comparable(as_of_moment(text)))
    return [{"date": date, "files": sorted(files[date])} for date in order]
