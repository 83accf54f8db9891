"""Interactive clustering (SPEC 9, editing): moves, a merge and a split applied to a co-clustering's
labels, in that order; the edited co-clustering's edges, strengths and quality come from the same
matrix. Numbering: a move keeps every other label as it is; a merge of i and j keeps i and removes
j (the clusters after j move down by one); a split of i keeps the first part as i and appends the
others at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from services.clustering.cocluster import Cocluster, transform
from services.errors import UserError


class EditError(UserError):
    """An edit that does not apply (an unknown word or unit, a cluster out of range)."""


@dataclass
class Edits:
    moves: list[dict[str, Any]] = field(default_factory=list)  # {"word": w, "to": i} or {"unit": u, "to": i}
    merge: list[int] | None = None  # [i, j]
    split: dict[str, int] | None = None  # {"cluster": i, "k": 2}

    def is_empty(self) -> bool:
        return not self.moves and self.merge is None and self.split is None


def apply_edits(
    matrix: np.ndarray,
    mode: str,
    words: list[str],
    word_labels: list[int],
    unit_labels: list[int],
    n_clusters: int,
    edits: Edits,
    seed: int = 0,
) -> Cocluster:
    """The co-clustering that `edits` make of these labels (matrix [W, H] signed, as in SPEC 4)."""
    if edits.is_empty():
        raise EditError("no edit given: moves, merge or split")
    wl, ul, k = np.array(word_labels, dtype=np.int64), np.array(unit_labels, dtype=np.int64), n_clusters
    index = {w: i for i, w in enumerate(words)}

    def cluster(i: object, what: str) -> int:
        if not isinstance(i, int) or not 0 <= i < k:
            raise EditError(f"{what}: cluster {i} is not one of 0..{k - 1}")
        return i

    for move in edits.moves:
        to = cluster(move.get("to"), "move")
        if "word" in move:
            if move["word"] not in index:
                raise EditError(f"move: {move['word']!r} is not one of this co-clustering's words")
            wl[index[move["word"]]] = to
        elif "unit" in move:
            unit = move["unit"]
            if not isinstance(unit, int) or not 0 <= unit < len(ul):
                raise EditError(f"move: unit {unit} is not one of 0..{len(ul) - 1}")
            ul[unit] = to
        else:
            raise EditError("move: each move names a word or a unit")
    if edits.merge is not None:
        if len(edits.merge) != 2:
            raise EditError(f"merge: name two chips, the second joining the first (not {len(edits.merge)})")
        if edits.merge[0] == edits.merge[1]:
            raise EditError(f"merge: choose two different chips (#{edits.merge[0]} into itself is no change)")
        keep, gone = cluster(edits.merge[0], "merge"), cluster(edits.merge[1], "merge")
        if k <= 2:
            raise EditError("merge: a co-clustering keeps at least 2 clusters")
        for labels in (wl, ul):
            labels[labels == gone] = keep
            labels[labels > gone] -= 1
        k -= 1
    if edits.split is not None:
        target = cluster(edits.split.get("cluster"), "split")
        parts = edits.split.get("k", 2)
        wl, ul, k = _split(
            transform(np.asarray(matrix, dtype=np.float64), mode), wl, ul, k, target, parts, seed
        )
    return Cocluster.from_labels(matrix, mode, wl, ul, k)


def _split(
    a: np.ndarray, wl: np.ndarray, ul: np.ndarray, k: int, target: int, parts: int, seed: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Spectral co-clustering of block (W_target, U_target) alone into `parts` co-clusters."""
    words, units = np.flatnonzero(wl == target), np.flatnonzero(ul == target)
    block = a[np.ix_(words, units)]
    rows, columns = np.any(block != 0, axis=1), np.any(block != 0, axis=0)
    if not isinstance(parts, int) or parts < 2 or parts > min(int(rows.sum()), int(columns.sum())):
        raise EditError(
            f"split: cluster {target} has {int(rows.sum())} words and {int(columns.sum())} units with a "
            f"response; it cannot be split into {parts}"
        )
    from sklearn.cluster import (
        SpectralCoclustering,  # here, not at the top: the API reads co-clusterings without scikit-learn
    )

    model = SpectralCoclustering(n_clusters=parts, random_state=seed).fit(block[np.ix_(rows, columns)])
    new_label = np.array([target] + [k + p for p in range(parts - 1)])
    wl, ul = wl.copy(), ul.copy()
    wl[words[rows]] = new_label[model.row_labels_]
    ul[units[columns]] = new_label[model.column_labels_]
    return wl, ul, k + parts - 1
