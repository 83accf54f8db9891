"""SPEC 9 ablation, the words it hurts most: only words read often enough to say so, and results
stored before the minimum count answered as if made with it."""

from __future__ import annotations

import numpy as np

from services.ablation.hurt import MOST_HURT, MOST_HURT_MIN_COUNT, listed, most_hurt


def test_a_word_read_once_is_not_listed_however_much_it_moved() -> None:
    vocab = ["once", "often", "twice", "steady", "never"]
    counts = np.array([1, 40, MOST_HURT_MIN_COUNT - 1, MOST_HURT_MIN_COUNT, 0])
    deltas = np.array([3.0, 0.2, 1.5, 0.5, 0.0])
    found = most_hurt(vocab, counts, deltas)
    assert [w["word"] for w in found] == ["steady", "often"]
    assert found[0] == {"word": "steady", "count": MOST_HURT_MIN_COUNT, "delta": 0.5}
    # a minimum of 1: every word read at all, never one not read
    assert [w["word"] for w in most_hurt(vocab, counts, deltas, min_count=1)] == [
        "once",
        "twice",
        "steady",
        "often",
    ]
    assert [w["word"] for w in most_hurt(vocab, counts, deltas, min_count=0)][-1] == "often"


def test_at_most_the_listed_number_ties_in_vocabulary_order() -> None:
    vocab = [f"w{i}" for i in range(50)]
    found = most_hurt(vocab, np.full(50, 9), np.zeros(50))
    assert len(found) == MOST_HURT and [w["word"] for w in found[:3]] == ["w0", "w1", "w2"]


def test_a_result_stored_before_the_minimum_is_answered_with_it() -> None:
    old = {
        "z": [1.0],
        "most_hurt": [{"word": "a", "count": 1, "delta": 2.0}, {"word": "b", "count": 9, "delta": 1.0}],
    }
    assert listed(old) == {
        "z": [1.0],
        "most_hurt": [{"word": "b", "count": 9, "delta": 1.0}],
        "most_hurt_min_count": MOST_HURT_MIN_COUNT,
    }
    new = {"most_hurt": [{"word": "a", "count": 2, "delta": 2.0}], "most_hurt_min_count": 2}
    assert listed(new) is new and listed({}) == {}
