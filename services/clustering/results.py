"""What a finished co-clustering answers (SPEC 4 and 9), from its words, matrix and fit."""

from __future__ import annotations

from typing import Any

import numpy as np

from services.clustering.cocluster import Cocluster, transform
from services.clustering.trust import Fit, quality, stability


def cocluster_result(
    words: list[str],
    matrix: np.ndarray,
    chips: Cocluster,
    counts: list[int],
    fits: list[Fit] | None = None,
    consensus_agreement: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """What a finished co-clustering answers (SPEC 4 and 9); fits: the seeds' fits when seeds > 1;
    consensus_agreement (units, words): a consensus's, whose chips are then no fit's own labels."""
    reported = None
    if consensus_agreement is not None:
        reported = Fit(chips.n_clusters, -1, 0.0, chips.word_labels_, chips.unit_labels_)
    trusted = stability(fits, reported) if fits and len(fits) > 1 else None
    agreement = None
    if consensus_agreement is not None:
        agreement = {"units": consensus_agreement[0], "words": consensus_agreement[1]}
    return {
        "unit_labels": chips.unit_labels_.tolist(),
        "words": words,
        "word_labels": chips.word_labels_.tolist(),
        "unit_clusters": [c.tolist() for c in chips.unit_clusters_],
        "word_clusters": [c.tolist() for c in chips.word_clusters_],
        "edges": chips.edges_.tolist(),
        "word_strength": chips.word_strength_.tolist(),
        "unit_strength": chips.unit_strength_.tolist(),
        "word_counts": counts,
        "n_clusters": chips.n_clusters,
        "quality": quality(
            transform(matrix, chips.mode), chips.word_labels_, chips.unit_labels_, chips.n_clusters
        ),
        "unit_confidence": trusted.unit_confidence if trusted else None,
        "word_confidence": trusted.word_confidence if trusted else None,
        "stability": {"units": trusted.units, "words": trusted.words, "consensus_agreement": agreement}
        if trusted
        else None,
        "dropped": {
            "units": chips.dropped_units_.tolist(),
            "words": [words[w] for w in chips.dropped_words_],
        },
    }
