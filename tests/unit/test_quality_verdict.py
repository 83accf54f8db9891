"""A co-clustering's quality band (services/clustering/verdict.py), on the issue's own numbers and on
co-clusterings of pure noise made here: noise must read flat, a planted block structure clear."""

from __future__ import annotations

import numpy as np
import pytest

from services.clustering.cocluster import Cocluster, transform
from services.clustering.trust import quality
from services.clustering.verdict import band, judged, noise_modularity


def test_the_issues_co_clusterings() -> None:
    ptb = noise_modularity("abs", 300, 48)
    assert ptb == pytest.approx(0.062, abs=5e-4)
    assert band(0.001, 0.26, 0.25, ptb) == "flat"  # its gate_f: 26 % in blocks against 25 % for random labels
    assert band(0.2, 0.27, 0.25, ptb) == "flat"  # modularity without a lead of the block share
    assert band(0.104, 0.30, 0.16, ptb) == "weak"  # its abs chips at k = 6
    assert band(0.28, 0.55, 0.25, noise_modularity("positive", 300, 48)) == "clear"  # positive mode, k = 4


def test_the_noise_shrinks_with_size_and_in_raw_mode() -> None:
    assert noise_modularity("positive", 300, 48) > noise_modularity("abs", 300, 48)
    assert noise_modularity("abs", 1000, 1500) < noise_modularity("abs", 300, 48) / 3
    assert noise_modularity("raw", 300, 48) < noise_modularity("abs", 300, 48) / 3
    assert noise_modularity("abs", 0, 48) == 0


@pytest.mark.parametrize("mode", ["abs", "positive", "raw"])
def test_noise_reads_flat_and_planted_blocks_read_clear(mode: str) -> None:
    rng = np.random.default_rng(0)
    words, units, k = 300, 48, 6
    noise = rng.normal(size=(words, units))
    planted = noise * 0.3
    for c in range(k):  # each block of words pushes its own units up
        planted[c * 50 : (c + 1) * 50, c * 8 : (c + 1) * 8] += 2.0
    for matrix, expected in ((noise, "flat"), (planted, "clear")):
        chips = Cocluster(k, mode, 0).fit(matrix)
        q = quality(transform(matrix, mode), chips.word_labels_, chips.unit_labels_, k)
        result = {"quality": q, "words": [str(i) for i in range(words)]}
        result |= {"word_labels": chips.word_labels_.tolist(), "unit_labels": chips.unit_labels_.tolist()}
        assert judged(result, mode)["quality"]["band"] == expected, (mode, expected, q["modularity"])


def test_seeds_that_disagree_are_not_stable() -> None:
    result = {"quality": {"modularity": 0.1, "block_share": 0.3, "block_share_random": 0.16}, "words": ["a"]}
    result |= {"word_labels": [0], "unit_labels": [0, 1], "stability": {"units": 0.2, "words": 0.15}}
    assert judged(result, "abs")["stability"]["stable"] is False
    result["stability"] = {"units": 0.9, "words": 0.7}
    assert judged(result, "abs")["stability"]["stable"] is True
