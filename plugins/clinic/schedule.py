"""Scheduled articles: dated later than now, published on their day. Pure."""

import datetime


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


def as_of_moment(text):
    """Return the moment of CLINIC_AS_OF's `text` (ISO 8601), or None if it is not one."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def scheduled_moments(drafts, now=None):
    """Return the sorted, distinct dates (ISO 8601) of the articles among `drafts` that are
    drafts only because they are not due yet: published on their day, unlike a `Status: draft`."""
    moments = {
        draft.date.isoformat()
        for draft in drafts
        if str(draft.metadata.get("status", "")).lower() != "draft"
        and is_scheduled(getattr(draft, "date", None), now)
    }
    return sorted(moments, key=lambda text: comparable(as_of_moment(text)))
