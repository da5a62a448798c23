"""Scheduled articles: dated later than now, published on their day. Pure."""

import datetime


def is_scheduled(date, now=None):
    """Tell whether an article of this date is not due yet, as Pelican's WITH_FUTURE_DATES
    decides it (an aware date against the time now, a naive one against the local clock)."""
    if date is None:
        return False
    if now is None:
        now = datetime.datetime.now(datetime.UTC if date.tzinfo else None)
    return date > now
