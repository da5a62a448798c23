"""Work spread over forked processes comes back whole and in order."""

import pytest

from plugins.clinic.parallel import MIN_ITEMS_PER_WORKER, fork_map, worker_count


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("count", [0, 1, 7, 101])
def test_results_come_back_in_the_order_of_the_items(workers, count):
    items = [f"item {n}" for n in range(count)]
    assert fork_map(str.upper, items, workers) == [item.upper() for item in items]


def test_workers_see_the_state_of_the_build_without_it_being_sent():
    state = {"suffix": "!"}  # not passed to the workers: they inherit it when forked
    assert fork_map(lambda item: item + state["suffix"], ["a", "b", "c"] * 20, 2)[:3] == [
        "a!",
        "b!",
        "c!",
    ]


@pytest.mark.parametrize(
    ("setting", "items", "expected"),
    [
        (1, 10_000, 1),  # the setting says one process
        (4, 10_000, 4),
        (4, MIN_ITEMS_PER_WORKER * 2, 2),  # too little work for four
        (4, MIN_ITEMS_PER_WORKER - 1, 1),
    ],
)
def test_worker_count_follows_the_setting_and_the_amount_of_work(setting, items, expected):
    assert worker_count(setting, items) == expected


def test_worker_count_zero_means_one_per_core(monkeypatch):
    monkeypatch.setattr("plugins.clinic.parallel.available_cores", lambda: 2)
    assert worker_count(0, 10_000) == 2
