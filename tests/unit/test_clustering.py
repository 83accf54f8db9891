"""SPEC 4: co-clustering recovers planted blocks; ordering, edges, word strength, dropped rows."""

from __future__ import annotations

import numpy as np
import pytest

from services.clustering import Cocluster, transform


def _planted(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three blocks of words x units with distinct signs, unit clusters of sizes 12, 8, 5, shuffled."""
    rng = np.random.default_rng(seed)
    unit_sizes, word_sizes, signs = [12, 8, 5], [20, 15, 10], [1.0, -1.0, 1.0]
    units = np.repeat(np.arange(3), unit_sizes)
    words = np.repeat(np.arange(3), word_sizes)
    matrix = rng.normal(0, 0.02, (len(words), len(units)))
    for k in range(3):
        matrix[np.ix_(words == k, units == k)] += signs[k] * rng.uniform(
            0.8, 1.2, (word_sizes[k], unit_sizes[k])
        )
    up, wp = rng.permutation(len(units)), rng.permutation(len(words))
    return matrix[np.ix_(wp, up)], words[wp], units[up]


def test_planted_blocks_come_back_in_size_order() -> None:
    matrix, true_words, true_units = _planted()
    chips = Cocluster(n_clusters=3, mode="abs", random_state=0).fit(matrix)
    # cluster 0 is the largest unit cluster (12 units) and so on
    for k in range(3):
        assert set(np.flatnonzero(chips.unit_labels_ == k)) == set(np.flatnonzero(true_units == k))
        assert set(np.flatnonzero(chips.word_labels_ == k)) == set(np.flatnonzero(true_words == k))
    assert [len(c) for c in chips.unit_clusters_] == [12, 8, 5]


def test_edges_and_word_strength_by_hand() -> None:
    matrix, _, _ = _planted(1)
    chips = Cocluster(n_clusters=3, random_state=0).fit(matrix)
    for i in range(3):
        for j in range(3):
            words, units = chips.word_clusters_[i], chips.unit_clusters_[j]
            expected = sum(matrix[w, u] for w in words for u in units) / (len(words) * len(units))
            assert chips.edges_[i, j] == pytest.approx(expected)
    w = int(chips.word_clusters_[1][0])
    assert chips.word_strength_[w] == pytest.approx(np.mean([matrix[w, u] for u in chips.unit_clusters_[1]]))
    u = int(chips.unit_clusters_[2][0])
    assert chips.unit_strength_[u] == pytest.approx(np.mean([matrix[w, u] for w in chips.word_clusters_[2]]))
    assert chips.edges_[1, 1] < 0 < chips.edges_[0, 0]  # the planted signs


def test_all_zero_rows_and_columns_are_dropped_and_listed() -> None:
    matrix, _, _ = _planted(2)
    matrix[4, :] = 0
    matrix[:, 7] = 0
    chips = Cocluster(n_clusters=3).fit(matrix)
    assert chips.dropped_words_.tolist() == [4] and chips.dropped_units_.tolist() == [7]
    assert chips.word_labels_[4] == -1 and chips.unit_labels_[7] == -1


def test_modes() -> None:
    m = np.array([[1.0, -2.0], [-3.0, 0.5]])
    np.testing.assert_array_equal(transform(m, "abs"), [[1, 2], [3, 0.5]])
    np.testing.assert_array_equal(transform(m, "positive"), [[1, 0], [0, 0.5]])
    np.testing.assert_array_equal(transform(m, "negative"), [[0, 2], [3, 0]])
    np.testing.assert_array_equal(transform(m, "raw"), [[4, 1], [0, 3.5]])
    with pytest.raises(ValueError, match="mode"):
        transform(m, "bogus")


def test_too_many_clusters_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="n_clusters=9 is more than"):
        Cocluster(n_clusters=9).fit(np.ones((5, 4)))


def test_same_seed_same_result() -> None:
    matrix, _, _ = _planted(3)
    a = Cocluster(n_clusters=3, random_state=7).fit(matrix)
    b = Cocluster(n_clusters=3, random_state=7).fit(matrix)
    np.testing.assert_array_equal(a.unit_labels_, b.unit_labels_)
    np.testing.assert_array_equal(a.word_labels_, b.word_labels_)
