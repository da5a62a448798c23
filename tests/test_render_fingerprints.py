"""The render cache's fingerprints: equal for what templates see alike, different otherwise."""

import datetime
import functools
import re
from zoneinfo import ZoneInfo

import pytest

from plugins.clinic.rendercache import Fingerprints, Uncacheable


def fingerprint(value):
    return Fingerprints().of(value)


class Plain:
    def __init__(self, **attributes):
        self.__dict__.update(attributes)

    @classmethod
    def made(cls):
        return cls()

    def shown(self):
        return self


class Slotted:
    __slots__ = ("value",)


def double(x):
    return 2 * x


def triple(x):
    return 3 * x


NOON = datetime.datetime(2026, 1, 1, 12)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}),  # keys in any order
        ({1, 2, 3}, {3, 2, 1}),
        (Plain(x=1, y="z"), Plain(y="z", x=1)),
        (functools.partial(double, 1), functools.partial(double, 1)),
        (re.compile("a+"), re.compile("a+")),
        (NOON.replace(tzinfo=ZoneInfo("UTC")), NOON.replace(tzinfo=ZoneInfo("UTC"))),
    ],
)
def test_values_templates_see_alike_have_one_fingerprint(one, other):
    assert fingerprint(one) == fingerprint(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("1", 1),
        (1, True),
        ("ab", b"ab"),
        ([1, 2], [2, 1]),  # lists keep their order
        ([1, 2], (1, 2)),
        (["a", "b"], ["a\x1fb"]),  # no separator makes two lists one
        (NOON, NOON.replace(tzinfo=ZoneInfo("UTC"))),
        (NOON.replace(tzinfo=ZoneInfo("UTC")), NOON.replace(tzinfo=ZoneInfo("America/Vancouver"))),
        (Plain(x=1), Plain(x=2)),
        (double, triple),
        (functools.partial(double, 1), functools.partial(double, 2)),
        (re.compile("a+"), re.compile("a+", re.IGNORECASE)),
        ({"a": Plain(x=1)}, {"a": Plain(x=[1])}),
        ({"module": re}, {"module": functools}),  # modules, by name
    ],
)
def test_values_templates_see_differently_have_different_fingerprints(one, other):
    assert fingerprint(one) != fingerprint(other)


def test_a_method_of_a_class_is_named_but_a_method_of_an_object_cannot_be_fingerprinted():
    # Both are bound methods, of one type: only the object each is bound to decides.
    # The class's method first: a verdict kept for the type would then name the object's too.
    assert fingerprint(Plain.made) == fingerprint(Plain.made)
    with pytest.raises(Uncacheable):
        fingerprint(Plain().shown)


def test_an_object_without_attributes_to_read_cannot_be_fingerprinted():
    with pytest.raises(Uncacheable):
        fingerprint({"key": Slotted()})


def test_one_object_shared_by_many_values_is_fingerprinted_once():
    shared, fingerprints = Plain(x=1), Fingerprints()
    first = fingerprints.of([shared, {"again": shared}])
    shared.x = 2  # within a build the state is settled: the kept digest stands
    assert fingerprints.of([shared, {"again": shared}]) == first
    assert Fingerprints().of([shared, {"again": shared}]) != first
