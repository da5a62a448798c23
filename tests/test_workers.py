"""Independent work shared among forked workers: the same results, in order, as in one process."""

import os

import pytest

from publishing.workers import CHUNK, on_every_core


def square_and_process(number):
    return number * number, os.getpid()


def fails_on_seven(number):
    if number == 7:
        raise ValueError("seven")
    return number


def test_results_come_back_in_order_from_several_processes():
    items = range(CHUNK * 6)
    results = list(on_every_core(square_and_process, items, workers=2))
    assert [square for square, _ in results] == [n * n for n in items]
    assert os.getpid() not in {process for _, process in results}


def test_few_items_or_one_worker_stay_in_this_process():
    for items, workers in [(range(CHUNK), 2), (range(CHUNK * 6), 1)]:
        results = list(on_every_core(square_and_process, items, workers=workers))
        assert {process for _, process in results} == {os.getpid()}


def test_an_error_in_a_worker_is_raised_here():
    with pytest.raises(ValueError, match="seven"):
        list(on_every_core(fails_on_seven, range(CHUNK * 6), workers=2))
