"""Consensus co-clustering (SPEC 9): chips that do not change with the seed.

S subsampled co-clusterings (trust.fit_once, seeds `seed` .. `seed` + S - 1) vote: words and units
are nodes of one graph, and two nodes are as close as the share of the runs that drew both and put
them in the same co-cluster (a word and a unit are together when the word's cloud and the unit's
chip are the same co-cluster). That co-association is cut into k groups by average-linkage
agglomeration on 1 - share, which has no seed: what varies between two consensuses is only their
runs. A group's units are a chip and its words that chip's cloud, ordered as Cocluster orders them.
(Spectral clustering of the co-association, spectral co-clustering of the words x units vote and
k-means or Ward on the runs' label vectors were tried too: on the PTB LSTM 2 x 200 some agree more
across seed sets, none reaches 0.8 there, and the spectral ones miss planted co-clusters that
average linkage recovers exactly: docs/benchmarks.md.)

consensus_agreement: the adjusted Rand index, for units and for words, between this consensus and
one made from the next S seeds (`seed` + S .. `seed` + 2S - 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.clustering.cocluster import Cocluster, order_by_unit_cluster
from services.clustering.trust import Fit, ari, fit_once, seeds_of
from services.errors import UserError


def co_association(fits: list[Fit]) -> np.ndarray:
    """[N, N] over words then units: the share of the fits that drew both members and put them in
    one co-cluster (0 where no fit drew both)."""
    labels = np.stack([np.concatenate([f.word_labels, f.unit_labels]) for f in fits])  # [S, N]
    drawn = (labels >= 0).astype(np.float64)
    together = np.zeros((labels.shape[1], labels.shape[1]))
    for row in labels:
        one_hot = (row[:, None] == np.arange(fits[0].k)[None, :]).astype(np.float64)  # [N, k]
        together += one_hot @ one_hot.T
    both = drawn.T @ drawn
    return np.divide(together, both, out=np.zeros_like(together), where=both > 0)


def consensus_labels(fits: list[Fit], k: int) -> tuple[np.ndarray, np.ndarray]:
    """(word_labels [W], unit_labels [H]) of the k groups of the fits' co-association; -1 for a
    member no fit labelled (a word or unit with no response)."""
    from scipy.cluster.hierarchy import fcluster, linkage  # here: the API process has no scipy loaded
    from scipy.spatial.distance import squareform

    words = len(fits[0].word_labels)
    labelled = np.flatnonzero(
        np.any([np.concatenate([f.word_labels, f.unit_labels]) >= 0 for f in fits], axis=0)
    )
    share = co_association(fits)[np.ix_(labelled, labelled)]
    distance = 1.0 - share
    np.fill_diagonal(distance, 0.0)
    groups = (
        fcluster(linkage(squareform(distance, checks=False), method="average"), k, criterion="maxclust") - 1
    )
    raw = np.full(words + len(fits[0].unit_labels), -1, dtype=np.int64)
    raw[labelled] = groups
    unit_raw = raw[words:]
    rank = order_by_unit_cluster(unit_raw, k)
    ordered = np.where(raw >= 0, rank[np.maximum(raw, 0)], -1)
    return ordered[:words], ordered[words:]


@dataclass
class Consensus:
    chips: Cocluster  # the consensus's co-clusters, edges and strengths on the whole matrix
    fits: list[Fit]  # its S runs
    agreement_units: float  # adjusted Rand index with the consensus of the next S seeds
    agreement_words: float


def consensus(matrix: np.ndarray, k: int, mode: str, seed: int, seeds: int) -> Consensus:
    """The consensus of `seeds` subsampled runs from `seed`, and its agreement with the next ones'."""
    if seeds < 2:
        raise UserError("consensus needs seeds of at least 2: it is a vote of several runs")
    runs = [fit_once(matrix, k, mode, s, False) for s in seeds_of(seed, 2 * seeds)]
    mine, other = runs[:seeds], runs[seeds:]
    words, units = consensus_labels(mine, k)
    other_words, other_units = consensus_labels(other, k)
    chips = Cocluster.from_labels(matrix, mode, words, units, k)
    return Consensus(chips, mine, ari(units, other_units), ari(words, other_words))
