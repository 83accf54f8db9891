"""Memory chips and word clouds (SPEC 4): spectral co-clustering of words x units."""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np

from services.errors import UserError

# how the signed matrix becomes the non-negative one co-clustered (the API's `mode` is this type)
Mode = Literal["abs", "positive", "negative", "raw"]
MODES: tuple[str, ...] = get_args(Mode)


def transform(matrix: np.ndarray, mode: str) -> np.ndarray:
    """The non-negative matrix that is co-clustered, from signed E[response|word] [W, H]."""
    if mode == "abs":
        return np.abs(matrix)
    if mode == "positive":
        return np.maximum(matrix, 0)
    if mode == "negative":
        return np.maximum(-matrix, 0)
    if mode == "raw":
        return matrix - matrix.min()
    raise UserError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")


class Cocluster:
    """Spectral co-clustering (Dhillon 2001) of a words x units response matrix.

    After fit(matrix [W, H]):
      unit_labels_ [H], word_labels_ [W]: co-cluster of each unit and word (-1: left out, all zero)
      edges_ [k, k]: edges_[i, j] = mean signed response over word cluster i x unit cluster j
      word_strength_ [W]: mean signed response of a word over the units of its own co-cluster
      unit_strength_ [H]: mean signed response of a unit over the words of its own co-cluster
      dropped_units_, dropped_words_: indices left out because their row or column was all zero
    Co-clusters are ordered by unit-cluster size, largest first, ties by lowest unit index.
    """

    def __init__(self, n_clusters: int = 8, mode: str = "abs", random_state: int = 0) -> None:
        self.n_clusters, self.mode, self.random_state = n_clusters, mode, random_state

    def fit(self, matrix: np.ndarray) -> Cocluster:
        signed = np.asarray(matrix, dtype=np.float64)
        if signed.ndim != 2:
            raise ValueError(f"expected a 2-D words x units matrix, got shape {list(signed.shape)}")
        if not np.isfinite(signed).all():
            raise UserError("the response matrix has NaN or Inf values")
        data = transform(signed, self.mode)
        words_kept = np.flatnonzero(np.any(data != 0, axis=1))
        units_kept = np.flatnonzero(np.any(data != 0, axis=0))
        k = self.n_clusters
        if k < 2:
            raise UserError("n_clusters must be at least 2")
        if k > min(len(words_kept), len(units_kept)):
            raise UserError(
                f"n_clusters={k} is more than the {len(words_kept)} words and {len(units_kept)} units "
                "with a non-zero response allow"
            )
        from sklearn.cluster import (
            SpectralCoclustering,  # here, not at the top: the API reads co-clusterings without scikit-learn
        )

        model = SpectralCoclustering(n_clusters=k, random_state=self.random_state)
        model.fit(data[np.ix_(words_kept, units_kept)])

        unit_raw = np.full(signed.shape[1], -1, dtype=np.int64)
        word_raw = np.full(signed.shape[0], -1, dtype=np.int64)
        unit_raw[units_kept] = model.column_labels_
        word_raw[words_kept] = model.row_labels_
        rank = order_by_unit_cluster(unit_raw, k)
        unit_labels = np.where(unit_raw >= 0, rank[unit_raw], -1)
        word_labels = np.where(word_raw >= 0, rank[word_raw], -1)
        return self._derive(signed, word_labels, unit_labels)

    @classmethod
    def from_labels(
        cls, matrix: np.ndarray, mode: str, word_labels: np.ndarray, unit_labels: np.ndarray, n_clusters: int
    ) -> Cocluster:
        """A co-clustering with the labels given (an edited one): edges and strengths recomputed
        from the same matrix."""
        chips = cls(n_clusters, mode)
        return chips._derive(
            np.asarray(matrix, dtype=np.float64), np.asarray(word_labels), np.asarray(unit_labels)
        )

    def _derive(self, signed: np.ndarray, word_labels: np.ndarray, unit_labels: np.ndarray) -> Cocluster:
        k = self.n_clusters
        self.unit_labels_ = unit_labels.astype(np.int64)
        self.word_labels_ = word_labels.astype(np.int64)
        self.dropped_units_ = np.flatnonzero(self.unit_labels_ < 0)
        self.dropped_words_ = np.flatnonzero(self.word_labels_ < 0)
        self.unit_clusters_ = [np.flatnonzero(self.unit_labels_ == i) for i in range(k)]
        self.word_clusters_ = [np.flatnonzero(self.word_labels_ == i) for i in range(k)]
        self.edges_ = np.zeros((k, k))
        for i, words in enumerate(self.word_clusters_):
            for j, units in enumerate(self.unit_clusters_):
                if len(words) and len(units):
                    self.edges_[i, j] = signed[np.ix_(words, units)].mean()
        self.word_strength_ = np.zeros(signed.shape[0])
        for i, words in enumerate(self.word_clusters_):
            if len(words) and len(self.unit_clusters_[i]):
                self.word_strength_[words] = signed[np.ix_(words, self.unit_clusters_[i])].mean(axis=1)
        self.unit_strength_ = np.zeros(signed.shape[1])
        for i, units in enumerate(self.unit_clusters_):
            if len(units) and len(self.word_clusters_[i]):
                self.unit_strength_[units] = signed[np.ix_(self.word_clusters_[i], units)].mean(axis=0)
        return self


def order_by_unit_cluster(unit_labels: np.ndarray, k: int) -> np.ndarray:
    """rank[old label] = new label: larger unit clusters first, ties by their lowest unit index."""
    sizes = np.bincount(unit_labels[unit_labels >= 0], minlength=k)
    first = np.full(k, np.iinfo(np.int64).max)
    for label in range(k):
        members = np.flatnonzero(unit_labels == label)
        if len(members):
            first[label] = members[0]
    order = np.lexsort((first, -sizes))
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    return rank
