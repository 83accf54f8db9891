"""Readable names of recordings and co-clusterings, made once when they are created (the names of
their model and corpus never change), so no list needs a join to show them."""

from __future__ import annotations

from typing import Any

MAX_LABEL = 500


def recording_label(model_name: str, corpus_name: str, options: dict[str, Any]) -> str:
    """'lstm on ptb', with ', first 10,000 tokens' when max_tokens cut the corpus."""
    label = f"{model_name} on {corpus_name}"
    if options.get("max_tokens"):
        label += f", first {int(options['max_tokens']):,} tokens"
    return label[:MAX_LABEL]


def coclustering_label(recording: str, params: dict[str, Any]) -> str:
    """'lstm on ptb · layer 1 h · 8 clusters of 500 words (min 5) · abs'."""
    channel = f"layer {params.get('layer')} {params.get('state')}"
    clusters = f"{params.get('n_clusters')} clusters of {params.get('top_words')} words"
    label = f"{recording} · {channel} · {clusters} (min {params.get('min_count')}) · {params.get('mode')}"
    if params.get("seed"):
        label += f" · seed {params['seed']}"
    return label[:MAX_LABEL]
