"""Metadata dates read without dateutil mean what Pelican's own reading of them means."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.readers import METADATA_PROCESSORS

from plugins.clinic.dates import iso_date


def pelicans(name, text):
    return METADATA_PROCESSORS[name](text, {})


@given(
    st.datetimes(min_value=datetime.datetime(1000, 1, 1), max_value=datetime.datetime(9999, 1, 1)),
    st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]),
    st.sampled_from(["date", "modified"]),
)
def test_an_iso_date_is_read_as_pelican_reads_it(moment, form, name):
    text = moment.strftime(form)
    ours, theirs = iso_date(text), pelicans(name, text)
    assert (ours, type(ours)) == (theirs, type(theirs))


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-26 09:00-08:00",  # a zone
        "2026-11-26_09:00",
        "2026-11-26  09:00",
        "26 November 2026",
        "2026-11-26 9:00",
        "2026-02-30",  # no such day: Pelican's reading says so
        "2026-11-26 24:00",
        "",
    ],
)
def test_any_other_form_is_left_to_pelican(text):
    assert iso_date(text) is None
