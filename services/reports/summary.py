"""A readable summary of one analysis: salient words of a few units, and each co-cluster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from services.clustering.cocluster import Cocluster
from services.recording import SALIENCE_PRIOR_COUNT, salience
from services.recording.recorder import RecordingResult


@dataclass(frozen=True)
class AnalysisSettings:
    layer: int
    state: str = "h"
    n_clusters: int = 8
    top_words: int = 500
    min_count: int = 5
    mode: str = "abs"
    seed: int = 0


def cocluster_recording(
    recording: RecordingResult, settings: AnalysisSettings
) -> tuple[list[str], np.ndarray, Cocluster]:
    """(words [W], matrix [W, H], fitted Cocluster) for one layer and state of a recording."""
    word_ids, matrix = recording.statistics.matrix(
        settings.layer, settings.state, settings.top_words, settings.min_count
    )
    chips = Cocluster(settings.n_clusters, settings.mode, settings.seed).fit(matrix)
    return recording.words(word_ids), matrix, chips


def unit_salient_words(
    recording: RecordingResult,
    layer: int,
    state: str,
    unit: int,
    k: int = 8,
    min_count: int = 5,
    prior_count: int | None = SALIENCE_PRIOR_COUNT,
) -> dict[str, Any]:
    """The k most positive and k most negative words of a unit by salience (E[response|word]
    shrunk by the word's count; prior_count None: the plain mean), among words seen at least
    min_count times."""
    stats = recording.statistics
    channel = stats.channel_index(layer, state)
    means = stats.mean[channel][:, unit].astype(np.float64)
    scores = salience(means, stats.counts.astype(np.float64), prior_count)
    frequent = np.flatnonzero(stats.counts >= min_count)
    order = frequent[np.argsort(scores[frequent], kind="stable")]

    def word(i: int) -> dict[str, Any]:
        return {
            "word": recording.vocab[int(stats.word_ids[i])],
            "count": int(stats.counts[i]),
            "mean": float(means[i]),
            "score": float(scores[i]),
        }

    return {
        "unit": unit,
        "positive": [word(i) for i in order[::-1][:k] if scores[i] > 0],
        "negative": [word(i) for i in order[:k] if scores[i] < 0],
    }


def summarize(
    recording: RecordingResult,
    settings: AnalysisSettings,
    words: list[str],
    matrix: np.ndarray,
    chips: Cocluster,
    units_shown: int = 4,
    words_shown: int = 8,
) -> dict[str, Any]:
    # The units that respond most strongly to some word say most at a glance.
    salient_units = np.argsort(-np.abs(matrix).max(axis=0), kind="stable")[:units_shown]
    clusters = []
    for i, (units, members) in enumerate(zip(chips.unit_clusters_, chips.word_clusters_, strict=True)):
        strongest = members[np.argsort(-np.abs(chips.word_strength_[members]), kind="stable")][:words_shown]
        clusters.append(
            {
                "cluster": i,
                "units": [int(u) for u in units],
                "words": [{"word": words[w], "strength": float(chips.word_strength_[w])} for w in strongest],
                "num_words": int(len(members)),
                "self_edge": float(chips.edges_[i, i]),
            }
        )
    return {
        "recording": {
            "sequences": recording.num_sequences,
            "tokens": recording.tokens,
            "unk_tokens": recording.unk_tokens,
            "dropped_tokens": recording.dropped_tokens,
            "words": int(len(recording.statistics.word_ids)),
        },
        "layer": settings.layer,
        "state": settings.state,
        "mode": settings.mode,
        "units": [
            unit_salient_words(
                recording, settings.layer, settings.state, int(u), words_shown, settings.min_count
            )
            for u in salient_units
        ],
        "coclusters": clusters,
        "dropped_units": [int(u) for u in chips.dropped_units_],
        "dropped_words": [words[w] for w in chips.dropped_words_],
    }


def format_summary(summary: dict[str, Any]) -> str:
    rec = summary["recording"]
    lines = [
        f"Read {rec['tokens']:,} tokens in {rec['sequences']:,} sequences "
        f"({rec['words']:,} distinct words, {rec['unk_tokens']:,} <unk>, {rec['dropped_tokens']:,} dropped).",
        f"Layer {summary['layer']}, state {summary['state']}, mode {summary['mode']}.",
        "",
        "Units with the strongest responses (E[response | word]):",
    ]
    for unit in summary["units"]:
        pos = ", ".join(f"{w['word']} {w['mean']:+.3f}" for w in unit["positive"][:6]) or "-"
        neg = ", ".join(f"{w['word']} {w['mean']:+.3f}" for w in unit["negative"][:6]) or "-"
        lines += [f"  unit {unit['unit']:>4}  + {pos}", f"             - {neg}"]
    lines += ["", "Memory chips (unit clusters) and their word clouds:"]
    for c in summary["coclusters"]:
        units = ", ".join(str(u) for u in c["units"][:12]) + (" ..." if len(c["units"]) > 12 else "")
        cloud = ", ".join(w["word"] for w in c["words"]) or "-"
        lines.append(f"  #{c['cluster']}: {len(c['units'])} units [{units}]  {c['num_words']} words: {cloud}")
    return "\n".join(lines)
