"""SPEC 9's consensus: a vote of subsampled co-clusterings, checked on hand-made labels and on a
matrix with planted co-clusters."""

from __future__ import annotations

import numpy as np
import pytest

from services.clustering.consensus import co_association, consensus, consensus_labels
from services.clustering.trust import Fit
from services.errors import UserError


def fit(words: list[int], units: list[int]) -> Fit:
    return Fit(2, 0, 0.0, np.array(words), np.array(units))


def test_co_association_counts_only_the_runs_that_drew_both() -> None:
    """Two words, two units; -1: not drawn. Run 1 puts w0 with u0; run 2 did not draw w0."""
    runs = [fit([0, 1], [0, 1]), fit([-1, 1], [1, 1])]
    share = co_association(runs)  # order: w0, w1, u0, u1
    assert share[0, 2] == 1.0  # only run 1 drew both w0 and u0: together there
    assert share[1, 3] == 1.0  # w1 with u1 in both runs
    assert share[2, 3] == 0.5  # u0 and u1: apart in run 1, together in run 2
    assert share[0, 1] == 0.0  # w0 and w1: apart in the one run that drew both


def test_consensus_labels_follow_the_majority() -> None:
    """Three runs agree on {w0, w1, u0} and {w2, u1, u2} but one moves u2; the vote keeps it."""
    runs = [fit([0, 0, 1], [0, 1, 1]), fit([1, 1, 0], [1, 0, 0]), fit([0, 0, 1], [0, 1, 0])]
    words, units = consensus_labels(runs, 2)
    assert words[0] == words[1] == units[0] and words[2] == units[1] == units[2]
    assert words[0] != words[2]


def planted(seed: int, k: int = 4, words: int = 120, units: int = 40, noise: float = 0.6) -> np.ndarray:
    """Word group i responds in unit group i (plus noise): k planted co-clusters."""
    rng = np.random.default_rng(seed)
    matrix = rng.normal(0, noise, (words, units))
    for i in range(k):
        matrix[i * words // k : (i + 1) * words // k, i * units // k : (i + 1) * units // k] += 1.5
    return matrix


def test_consensus_finds_planted_chips_and_two_consensuses_agree() -> None:
    matrix = planted(0)
    found = consensus(matrix, 4, "abs", seed=0, seeds=6)
    groups = np.arange(40) // 10
    units = found.chips.unit_labels_
    # each planted unit group is one chip, whatever its number
    assert all(len(set(units[groups == g])) == 1 for g in range(4)) and len(set(units)) == 4
    assert found.agreement_units == pytest.approx(1.0) and found.agreement_words > 0.95
    assert len(found.fits) == 6 and all(f.seed == s for f, s in zip(found.fits, range(6), strict=True))


def test_consensus_needs_several_seeds() -> None:
    with pytest.raises(UserError, match="seeds of at least 2"):
        consensus(planted(1), 4, "abs", seed=0, seeds=1)
