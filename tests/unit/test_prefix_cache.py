"""The cache of saved prompt prefixes: least recently used first out, within its byte limit."""

from __future__ import annotations

import numpy as np
import pytest

from tutor_app.model.prefix import PrefixCache, SavedPrefix, common_length


def state(n_bytes: int, *keys: int | str) -> SavedPrefix:
    return SavedPrefix(keys=keys, input_ids=np.zeros(len(keys), dtype=np.intc), data=b"x" * n_bytes)


def test_keeps_states_within_the_limit_dropping_the_least_recently_used() -> None:
    cache = PrefixCache(limit=250)
    cache.put("a/1", state(100, 1))
    cache.put("b/1", state(100, 2))
    assert cache.get("a/1").keys == (1,)
    cache.put("c/1", state(100, 3))
    assert (cache.get("a/1").keys, cache.get("b/1"), cache.get("c/1").keys) == ((1,), None, (3,))
    assert (len(cache), cache.size) == (2, 200)


def test_a_new_prefix_for_a_problem_replaces_its_old_one() -> None:
    cache = PrefixCache(limit=1000)
    cache.put("a/1", state(100, 1, "photo"))
    cache.put("a/1", state(150, 1, "photo", 7))
    assert cache.get("a/1").keys == (1, "photo", 7)
    assert (len(cache), cache.size) == (1, 150)


def test_a_state_larger_than_the_limit_is_not_kept_and_drops_the_old_one() -> None:
    cache = PrefixCache(limit=100)
    cache.put("a/1", state(50, 1))
    cache.put("a/1", state(101, 2))
    assert (cache.get("a/1"), len(cache), cache.size) == (None, 0, 0)


def test_a_zero_limit_keeps_nothing() -> None:
    cache = PrefixCache(limit=0)
    cache.put("a/1", state(1, 1))
    assert cache.get("a/1") is None


def test_clear() -> None:
    cache = PrefixCache(limit=100)
    cache.put("a/1", state(10, 1))
    cache.clear()
    assert (len(cache), cache.size) == (0, 0)


@pytest.mark.parametrize(
    ("a", "b", "n"),
    [
        ([], [1], 0),
        ([1, 2, 3], [1, 2, 3], 3),
        ([1, 2, 3], [1, 2], 2),
        ([1, "img:9", 5], [1, "img:9", 6], 2),
        ([1, "img:9", 5], [1, "img:8", 5], 1),
        ([2], [1], 0),
    ],
)
def test_common_length(a, b, n) -> None:
    assert common_length(a, b) == n
