"""The sentence glyph numbers of SPEC 5, per unit cluster and step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ClusterGlyphs:
    """Each array is [clusters, steps]; step t is the state after reading token t."""

    positive: np.ndarray
    negative: np.ndarray
    update_positive: np.ndarray
    update_negative: np.ndarray
    preserved: np.ndarray


def cluster_glyphs(states: np.ndarray, unit_labels: np.ndarray, n_clusters: int) -> ClusterGlyphs:
    """states [T, H] (s_1..s_T; s_0 = 0), unit_labels [H] (-1: unit in no cluster)."""
    steps = states.shape[0]
    padded = np.vstack([np.zeros((1, states.shape[1])), states.astype(np.float64)])  # [T+1, H], row 0 is s_0
    shape = (n_clusters, steps)
    out = {
        name: np.zeros(shape)
        for name in ("positive", "negative", "update_positive", "update_negative", "preserved")
    }
    for cluster in range(n_clusters):
        units = np.flatnonzero(unit_labels == cluster)
        if len(units) == 0:
            continue
        s = padded[:, units]  # [T+1, |C|]
        pos = np.where(s > 0, s, 0).sum(axis=1)  # P_t, P_0 = 0
        neg = np.where(s < 0, s, 0).sum(axis=1)  # N_t
        prev, cur = s[:-1], s[1:]
        both_pos = (prev > 0) & (cur > 0)
        both_neg = (prev < 0) & (cur < 0)
        kept = np.where(both_pos | both_neg, np.minimum(np.abs(prev), np.abs(cur)), 0).sum(axis=1)
        total = np.abs(prev).sum(axis=1)
        size = len(units)
        out["positive"][cluster] = pos[1:] / size
        out["negative"][cluster] = neg[1:] / size
        out["update_positive"][cluster] = np.diff(pos) / size
        out["update_negative"][cluster] = np.diff(neg) / size
        out["preserved"][cluster] = np.divide(kept, total, out=np.zeros_like(kept), where=total > 0)
    return ClusterGlyphs(**out)
