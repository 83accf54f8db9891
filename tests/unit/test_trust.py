"""SPEC 9: quality, stability, the scan over k and editing, against known answers: a hand-worked
2 x 2 modularity, an independent matrix formula, planted blocks and pure noise."""

from __future__ import annotations

import numpy as np
import pytest

from services.clustering import Cocluster
from services.clustering.edits import EditError, Edits, apply_edits
from services.clustering.trust import Fit, match_labels, quality, scan, seeded_fits, stability, suggested_k


def planted(k: int, seed: int = 0, noise: float = 0.05) -> np.ndarray:
    """k blocks of 20 words x 12 units of alternating sign, noise added, rows and columns shuffled."""
    rng = np.random.default_rng(seed)
    words, units = np.repeat(np.arange(k), 20), np.repeat(np.arange(k), 12)
    matrix = rng.normal(0, noise, (len(words), len(units)))
    for i in range(k):
        matrix[np.ix_(words == i, units == i)] += (1 if i % 2 == 0 else -1) * rng.uniform(0.8, 1.2, (20, 12))
    return matrix[np.ix_(rng.permutation(len(words)), rng.permutation(len(units)))]


def test_modularity_by_hand() -> None:
    a = np.array([[2.0, 1.0], [0.0, 3.0]])  # m = 6, rows 3 3, columns 2 4
    q = quality(a, np.array([0, 1]), np.array([0, 1]), 2)
    assert q["cluster_modularity"] == pytest.approx([2 / 6 - 3 * 2 / 36, 3 / 6 - 3 * 4 / 36])
    assert q["modularity"] == pytest.approx(1 / 3)
    assert q["block_share"] == pytest.approx(5 / 6) and q["block_share_random"] == pytest.approx(0.5)


def test_modularity_against_the_modularity_matrix() -> None:
    # independent form: Q = trace(S_w^T B S_u), B = A / m - r d^T / m^2, S the one-hot label matrices
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 1, (30, 17))
    wl, ul = rng.integers(0, 4, 30), rng.integers(0, 4, 17)
    m = a.sum()
    b = a / m - np.outer(a.sum(1), a.sum(0)) / m**2
    sw, su = np.eye(4)[wl], np.eye(4)[ul]
    assert quality(a, wl, ul, 4)["modularity"] == pytest.approx(np.trace(sw.T @ b @ su))


def test_confidence_survives_a_permutation_of_labels() -> None:
    matrix = planted(3)
    chips = Cocluster(3, "abs", 0).fit(matrix)
    fit = Fit(3, 0, 0.0, chips.word_labels_, chips.unit_labels_)
    permuted = np.array([2, 0, 1])
    other = Fit(3, 1, 0.0, permuted[chips.word_labels_], permuted[chips.unit_labels_])
    assert (match_labels(fit.unit_labels, other.unit_labels, 3) == fit.unit_labels).all()
    result = stability([fit, other])
    assert (
        result.unit_confidence == [1.0] * matrix.shape[1]
        and result.word_confidence == [1.0] * matrix.shape[0]
    )
    assert result.units == pytest.approx(1.0) and result.words == pytest.approx(1.0)
    # one word moved in the other fit: its confidence is 1/2, everyone else's stays 1
    moved = other.word_labels.copy()
    moved[5] = (moved[5] + 1) % 3
    result = stability([fit, Fit(3, 1, 0.0, moved, other.unit_labels)])
    assert result.word_confidence[5] == 0.5 and sum(c < 1 for c in result.word_confidence) == 1
    # a member a subsample did not draw (-1) counts only among the fits that drew it
    absent = other.word_labels.copy()
    absent[6] = -1
    assert stability([fit, Fit(3, 1, 0.0, absent, other.unit_labels)]).word_confidence[6] == 1.0


@pytest.mark.parametrize("k", [3, 5])
def test_scan_of_planted_blocks_suggests_their_number(k: int) -> None:
    found = scan(planted(k, seed=k), "abs", 2, 8, seeds=4, n_jobs=1)
    assert found["suggested_k"] == k
    at_k = next(r for r in found["results"] if r["k"] == k)  # type: ignore[union-attr]
    assert at_k["stability_units"] > 0.95 and at_k["stability_words"] > 0.95 and at_k["modularity_mean"] > 0.3


def test_noise_is_unstable_and_has_no_modularity() -> None:
    noise = np.random.default_rng(7).normal(0, 1, (200, 60))
    fits = seeded_fits(noise, 4, "abs", 0, 5)
    result = stability(fits)
    assert abs(result.units) < 0.2 and abs(result.words) < 0.2
    assert np.mean([c for c in result.word_confidence]) < 0.8
    planted_fits = seeded_fits(planted(4), 4, "abs", 0, 5)
    assert stability(planted_fits).units > 0.95 and min(stability(planted_fits).word_confidence) == 1.0
    # spectral co-clustering finds a little modularity in anything; noise's is a tenth of planted blocks'
    assert abs(fits[0].modularity) < 0.1 * planted_fits[0].modularity


def test_suggested_k_prefers_stable_then_modular_then_small() -> None:
    rows = [
        {"k": 2, "modularity_mean": 0.30, "stability_units": 1.0, "stability_words": 1.0},
        {"k": 3, "modularity_mean": 0.40, "stability_units": 0.9, "stability_words": 0.9},
        {"k": 4, "modularity_mean": 0.50, "stability_units": 0.3, "stability_words": 0.3},  # unstable
        {
            "k": 5,
            "modularity_mean": 0.40,
            "stability_units": 0.85,
            "stability_words": 0.95,
        },  # tie: the smaller k
    ]
    assert suggested_k(rows) == 3  # type: ignore[arg-type]


def test_a_move_changes_exactly_that_label_and_the_edges_follow() -> None:
    matrix = planted(3)
    fit = Cocluster(3, "abs", 0).fit(matrix)
    words = [f"w{i}" for i in range(matrix.shape[0])]
    target = (int(fit.word_labels_[7]) + 1) % 3
    edited = apply_edits(matrix, "abs", words, fit.word_labels_.tolist(), fit.unit_labels_.tolist(), 3,
                         Edits(moves=[{"word": "w7", "to": target}]))  # fmt: skip
    changed = np.flatnonzero(edited.word_labels_ != fit.word_labels_)
    assert changed.tolist() == [7] and edited.word_labels_[7] == target
    assert (edited.unit_labels_ == fit.unit_labels_).all()
    for i in range(3):
        for j in range(3):
            rows = [w for w in range(matrix.shape[0]) if edited.word_labels_[w] == i]
            cols = [u for u in range(matrix.shape[1]) if edited.unit_labels_[u] == j]
            assert edited.edges_[i, j] == pytest.approx(
                sum(matrix[w, u] for w in rows for u in cols) / (len(rows) * len(cols))
            )


def test_merge_and_split() -> None:
    matrix = planted(4)
    fit = Cocluster(4, "abs", 0).fit(matrix)
    words = [f"w{i}" for i in range(matrix.shape[0])]
    merged = apply_edits(
        matrix, "abs", words, fit.word_labels_.tolist(), fit.unit_labels_.tolist(), 4, Edits(merge=[0, 2])
    )
    assert merged.n_clusters == 3
    assert (
        merged.unit_labels_
        == np.select(
            [fit.unit_labels_ == 2, fit.unit_labels_ > 2], [0, fit.unit_labels_ - 1], fit.unit_labels_
        )
    ).all()
    split = apply_edits(
        matrix,
        "abs",
        words,
        merged.word_labels_.tolist(),
        merged.unit_labels_.tolist(),
        3,
        Edits(split={"cluster": 0, "k": 2}),
    )
    # the merged block splits back into the two planted blocks it was made of
    assert split.n_clusters == 4
    assert {frozenset(np.flatnonzero(split.unit_labels_ == i)) for i in range(4)} == {
        frozenset(np.flatnonzero(fit.unit_labels_ == i)) for i in range(4)
    }
    with pytest.raises(EditError, match="not one of this co-clustering's words"):
        apply_edits(
            matrix,
            "abs",
            words,
            fit.word_labels_.tolist(),
            fit.unit_labels_.tolist(),
            4,
            Edits(moves=[{"word": "nope", "to": 0}]),
        )
    with pytest.raises(EditError, match="cluster 9"):
        apply_edits(
            matrix, "abs", words, fit.word_labels_.tolist(), fit.unit_labels_.tolist(), 4, Edits(merge=[0, 9])
        )
