"""How far a co-clustering can be trusted (SPEC 9): its quality (bipartite modularity, block share
beside its random expectation), its stability across seeds (confidence of each member, adjusted
Rand index), and the scan over k that suggests one.

Notation as in SPEC 9: A [W, H] = mode(M) >= 0 the matrix co-clustered, m = sum A, r = row sums,
d = column sums; labels -1 are rows or columns left out (all zero)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from joblib import Parallel, delayed

from services.clustering.cocluster import Cocluster, transform
from services.errors import UserError

MAX_SEEDS = 20
STABLE_SHARE = 0.8  # suggested k: the best modularity among ks this close to the most stable one


def quality(a: np.ndarray, word_labels: np.ndarray, unit_labels: np.ndarray, k: int) -> dict[str, Any]:
    """Barber's bipartite modularity Q = sum_i [A(W_i, U_i) / m - r(W_i) d(U_i) / m^2], its terms,
    and the block share sum_i A(W_i, U_i) / m beside sum_i |W_i||U_i| / (W H)."""
    m = float(a.sum())
    rows, columns = a.shape
    terms, inside, expected = [], 0.0, 0.0
    for i in range(k):
        words, units = word_labels == i, unit_labels == i
        block = float(a[np.ix_(words, units)].sum())
        terms.append(block / m - float(a[words].sum()) * float(a[:, units].sum()) / m**2 if m > 0 else 0.0)
        inside += block
        expected += int(words.sum()) * int(units.sum()) / (rows * columns)
    return {
        "modularity": float(sum(terms)),
        "cluster_modularity": terms,
        "block_share": inside / m if m > 0 else 0.0,
        "block_share_random": expected,
    }


def match_labels(reference: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    """`other` relabelled so that its clusters overlap `reference`'s most (one to one, Hungarian
    on the overlap counts); -1 stays -1."""
    overlap = np.zeros((k, k), dtype=np.int64)
    kept = (reference >= 0) & (other >= 0)
    np.add.at(overlap, (other[kept], reference[kept]), 1)
    from scipy.optimize import linear_sum_assignment  # here: the API reads co-clusterings without scipy

    source, target = linear_sum_assignment(-overlap)
    mapping = np.full(k, -1, dtype=np.int64)
    mapping[source] = target
    return np.where(other >= 0, mapping[np.maximum(other, 0)], -1)


# Each seed but the first co-clusters this share of the words and of the units, drawn by the seed:
# with the whole matrix every seed finds nearly the same partition even of pure noise (the
# spectral embedding does not depend on the seed), so agreement would say nothing.
SUBSAMPLE = 0.7


@dataclass
class Fit:
    """One co-clustering of a (sub)sample: labels over all words and units, -1 where a member was
    not drawn or had no response; its modularity on the matrix it saw."""

    k: int
    seed: int
    modularity: float
    word_labels: np.ndarray
    unit_labels: np.ndarray


def fit_once(matrix: np.ndarray, k: int, mode: str, seed: int, whole: bool) -> Fit:
    """The whole matrix (the reported fit), or a SUBSAMPLE of its words and units drawn by `seed`."""
    rows, columns = matrix.shape
    rng = np.random.default_rng(seed)
    words = (
        np.arange(rows)
        if whole
        else np.sort(rng.choice(rows, max(k, round(SUBSAMPLE * rows)), replace=False))
    )
    units = (
        np.arange(columns)
        if whole
        else np.sort(rng.choice(columns, max(k, round(SUBSAMPLE * columns)), replace=False))
    )
    sample = matrix[np.ix_(words, units)]
    chips = Cocluster(k, mode, seed).fit(sample)
    q = quality(transform(sample, mode), chips.word_labels_, chips.unit_labels_, k)
    word_labels, unit_labels = np.full(rows, -1), np.full(columns, -1)
    word_labels[words], unit_labels[units] = chips.word_labels_, chips.unit_labels_
    return Fit(k, seed, float(q["modularity"]), word_labels, unit_labels)


def seeded_fits(matrix: np.ndarray, k: int, mode: str, seed: int, count: int, n_jobs: int = 1) -> list[Fit]:
    """The reported fit (whole matrix, `seed`) and count - 1 subsampled ones (the next seeds)."""
    seeds = seeds_of(seed, count)
    return list(
        Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(fit_once)(matrix, k, mode, s, i == 0) for i, s in enumerate(seeds)
        )
    )


def ari(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index over the members both labelled."""
    both = (a >= 0) & (b >= 0)
    from sklearn.metrics import (
        adjusted_rand_score,  # here, not at the top: the API reads co-clusterings without scikit-learn
    )

    return float(adjusted_rand_score(a[both], b[both]))


@dataclass
class Stability:
    unit_confidence: list[float]
    word_confidence: list[float]
    units: float  # mean pairwise adjusted Rand index of unit labels across seeds
    words: float


def stability(fits: list[Fit], reported: Fit | None = None) -> Stability:
    """reported: the labels reported (default fits[0], itself one of the fits; a consensus's are
    not). Each fit's co-clusters are matched to them (on words and units together, since
    co-cluster i pairs both), and each member's confidence is the share of the fits that drew it
    which put it where the reported labels do."""
    k = fits[0].k
    first = reported or fits[0]
    reference = np.concatenate([first.word_labels, first.unit_labels])
    agree, seen = np.zeros(len(reference)), np.zeros(len(reference))
    for fit in fits:
        labels = np.concatenate([fit.word_labels, fit.unit_labels])
        matched = match_labels(reference, labels, k)
        seen += labels >= 0
        agree += (matched == reference) & (labels >= 0)
    confidence = np.where(seen > 0, agree / np.maximum(seen, 1), 0.0)
    words = len(first.word_labels)
    pairs = list(combinations(fits, 2))
    return Stability(
        unit_confidence=confidence[words:].tolist(),
        word_confidence=confidence[:words].tolist(),
        units=float(np.mean([ari(a.unit_labels, b.unit_labels) for a, b in pairs])),
        words=float(np.mean([ari(a.word_labels, b.word_labels) for a, b in pairs])),
    )


def seeds_of(seed: int, count: int) -> list[int]:
    """The seeds a co-clustering with `seeds` = count runs: its own first, then the next ones."""
    return [(seed + s) % 2**32 for s in range(count)]


def scan(
    matrix: np.ndarray,
    mode: str,
    k_min: int = 2,
    k_max: int = 12,
    seeds: int = 5,
    seed: int = 0,
    n_jobs: int = 2,
    progress: Callable[[int, int], None] | None = None,
    consensus: bool = False,
) -> dict[str, Any]:
    """Co-cluster with every k in [k_min, k_max] and `seeds` seeds (all fits in parallel on n_jobs
    processes): per k the mean and std of the modularity and the mean pairwise ARI of unit and
    word labels; `suggested_k` as SPEC 9 defines it. consensus: 2 x seeds subsampled runs per k,
    and the stability is the agreement of the first seeds' consensus with the next seeds'."""
    if consensus and seeds < 2:
        raise UserError("consensus needs seeds of at least 2: it is a vote of several runs")
    ks = [k for k in range(k_min, k_max + 1) if k <= min(matrix.shape)]
    if not ks:
        raise UserError(f"no k in {k_min}..{k_max} fits {matrix.shape[0]} words x {matrix.shape[1]} units")
    results = []
    with Parallel(n_jobs=n_jobs, prefer="threads") as pool:  # BLAS and k-means release the GIL
        for done, k in enumerate(ks):
            if consensus:
                runs = pool(delayed(fit_once)(matrix, k, mode, s, False) for s in seeds_of(seed, 2 * seeds))
                results.append(_consensus_row(k, runs, seeds))
            else:
                fits = pool(
                    delayed(fit_once)(matrix, k, mode, s, i == 0) for i, s in enumerate(seeds_of(seed, seeds))
                )
                q = np.array([f.modularity for f in fits])
                pairs = list(combinations(fits, 2))
                results.append(
                    {
                        "k": k,
                        "modularity_mean": float(q.mean()),
                        "modularity_std": float(q.std()),
                        "stability_units": float(
                            np.mean([ari(a.unit_labels, b.unit_labels) for a, b in pairs])
                        )
                        if pairs
                        else None,
                        "stability_words": float(
                            np.mean([ari(a.word_labels, b.word_labels) for a, b in pairs])
                        )
                        if pairs
                        else None,
                    }
                )
            if progress:
                progress(done + 1, len(ks))
    return {"results": results, "suggested_k": suggested_k(results)}


def _consensus_row(k: int, runs: list[Fit], seeds: int) -> dict[str, Any]:
    """A scan's row with consensus: the runs' modularity, and the agreement of the consensus of the
    first `seeds` runs with that of the next as its stability."""
    from services.clustering.consensus import consensus_labels  # consensus imports this module

    first_words, first_units = consensus_labels(runs[:seeds], k)
    next_words, next_units = consensus_labels(runs[seeds:], k)
    q = np.array([f.modularity for f in runs])
    return {
        "k": k,
        "modularity_mean": float(q.mean()),
        "modularity_std": float(q.std()),
        "stability_units": ari(first_units, next_units),
        "stability_words": ari(first_words, next_words),
    }


def suggested_k(results: list[dict[str, Any]]) -> int:
    """The k with the largest mean modularity among those whose mean of unit and word stability is
    at least STABLE_SHARE of the largest such mean (ties: the smaller k); with one seed, the k of
    the largest mean modularity."""

    def steady(r: dict[str, Any]) -> float:
        if r["stability_units"] is None or r["stability_words"] is None:
            return 1.0
        return (float(r["stability_units"]) + float(r["stability_words"])) / 2

    best = max(steady(r) for r in results)
    eligible = [r for r in results if steady(r) >= STABLE_SHARE * best]
    return int(max(eligible, key=lambda r: (float(r["modularity_mean"]), -int(r["k"])))["k"])
