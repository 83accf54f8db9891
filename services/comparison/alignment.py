"""Unit alignment of two recordings (SPEC 6): each unit's response profile over shared words,
matched one-to-one by correlation (Hungarian algorithm)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from services.errors import UserError

MIN_SHARED_WORDS = 3


@dataclass(frozen=True)
class UnitAlignment:
    pairs: list[tuple[int, int, float]]  # (unit in a, unit in b, correlation), by correlation, highest first
    shared_words: list[str]
    correlation: np.ndarray  # [units a, units b]


def align_units(
    words_a: list[str], matrix_a: np.ndarray, words_b: list[str], matrix_b: np.ndarray
) -> UnitAlignment:
    """matrix_x [W_x, H_x]: E[response|word] of each recording's words (most frequent first)."""
    index_b = {w: i for i, w in enumerate(words_b)}
    shared = [w for w in words_a if w in index_b]
    if len(shared) < MIN_SHARED_WORDS:
        raise UserError(
            f"the recordings share {len(shared)} words; alignment needs at least {MIN_SHARED_WORDS}"
        )
    index_a = {w: i for i, w in enumerate(words_a)}
    a = np.asarray(matrix_a, dtype=np.float64)[[index_a[w] for w in shared]]
    b = np.asarray(matrix_b, dtype=np.float64)[[index_b[w] for w in shared]]
    correlation = _column_correlation(a, b)
    rows, cols = linear_sum_assignment(correlation, maximize=True)
    pairs = sorted(
        ((int(r), int(c), float(correlation[r, c])) for r, c in zip(rows, cols, strict=True)),
        key=lambda p: -p[2],
    )
    return UnitAlignment(pairs=pairs, shared_words=shared, correlation=correlation)


def _column_correlation(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson correlation of every column of a with every column of b; 0 for a constant column."""
    za, zb = a - a.mean(axis=0), b - b.mean(axis=0)
    na, nb = np.linalg.norm(za, axis=0), np.linalg.norm(zb, axis=0)
    za = np.divide(za, na, out=np.zeros_like(za), where=na > 0)
    zb = np.divide(zb, nb, out=np.zeros_like(zb), where=nb > 0)
    return np.clip(za.T @ zb, -1.0, 1.0)  # rounding can step just past +-1
