"""The publish check of a pull request: the site as published today, then as it will be on
each day a scheduled article goes live.

A publish build leaves out an article dated later than the build (WITH_FUTURE_DATES = False),
so today's check never builds a scheduled article's page: its dead links, dead anchors and
malformed addresses would be found only by the publish on its own day, which would then fail,
and every publish after it. Each scheduled date gets a check of its own, as of that date
(CLINIC_AS_OF): an article linking to one that goes live later fails too, as it would then.
"""

import datetime
from pathlib import Path

from plugins.clinic.checknotes import read

from . import PublishingError
from .pipeline import build_site


def check_publish(settings_file, scratch, *, precompress=True):
    """Check the site as publishing builds it today, then as of each scheduled article's date.

    Every check runs, so one run lists every problem; raise PublishingError if any failed.
    `scratch`: an empty folder the checks build in.
    """
    scratch = Path(scratch)
    notes = scratch / "check-notes.json"  # what the builds tell each other: checknotes.py
    failed = {}  # when -> why, of each check that failed
    try:
        build_site(
            settings_file,
            scratch / "today",
            strict=True,
            precompress=precompress,
            check_only=True,
            overrides={"CLINIC_CHECK_FILE": str(notes)},
        )
    except PublishingError as error:
        failed["today"] = error
    # Only once today's check got as far as its report: a Pelican that stopped on an error
    # of its own would stop again on each date, saying the same.
    today = read(notes)
    scheduled = today.get("scheduled", []) if "reported" in today else []
    for number, moment in enumerate(scheduled, 1):
        when, files = readable(moment["date"]), moment["files"]
        going = f"{' and '.join(files)} {'goes' if len(files) == 1 else 'go'} live"
        print(f"Checking the site as it will be on {when}, when {going}")
        try:
            build_site(
                settings_file,
                scratch / f"scheduled-{number}",
                strict=True,
                check_only=True,
                overrides={
                    "WITH_FUTURE_DATES": True,
                    "CLINIC_AS_OF": moment["date"],
                    "CLINIC_CHECK_FILE": str(notes),
                },
            )
        except PublishingError as error:
            failed[f"as of {when}"] = error
    if list(failed) == ["today"]:
        raise failed["today"]
    if failed:
        raise PublishingError(failure_message(failed))


def readable(moment):
    """Return a scheduled date (ISO 8601) as writers read it: June 1, 2099, 09:00."""
    return f"{datetime.datetime.fromisoformat(moment):%B %-d, %Y, %H:%M}"


def failure_message(failed):
    """Return one message for the checks that failed ({when: PublishingError}): when each
    failed, and why, said once when they all failed for the same reason."""
    reasons = {when: str(error).removeprefix("check failed: ") for when, error in failed.items()}
    if len(set(reasons.values())) == 1:
        return f"check failed {' and '.join(reasons)}: {next(iter(reasons.values()))}"
    return "check failed " + "; ".join(f"{when}: {why}" for when, why in reasons.items())
