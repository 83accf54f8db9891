"""Readable names of recordings and co-clusterings, made once when they are created (the names of
their model and corpus never change), so no list needs a join to show them."""

from __future__ import annotations

from typing import Any

MAX_LABEL = 500
MAX_NAME = 200  # models.name and trainings.name: String(200), as POST /trainings' name


def recording_label(model_name: str, corpus_name: str, options: dict[str, Any]) -> str:
    """'lstm on ptb', with ', first 10,000 tokens' when max_tokens cut the corpus."""
    label = f"{model_name} on {corpus_name}"
    if options.get("max_tokens"):
        label += f", first {int(options['max_tokens']):,} tokens"
    return label[:MAX_LABEL]


def training_name(corpus_name: str, options: dict[str, Any]) -> str:
    """A trained model's default name, with the settings that tell two trainings apart:
    'LSTM 2x48 language model on ptb-valid · 6 epochs, lr 0.01, batch 20, 2,000 words, seed 0'."""
    task = options["task"].replace("_", " ")
    size = f"{options['num_layers']}x{options['hidden_size']}"
    shape = f"{options['cell'].upper()} {size} {task} on {corpus_name}"
    settings = (
        f"{options['epochs']} epoch{'s' if options['epochs'] != 1 else ''}, lr {options['learning_rate']:g}, "
        f"batch {options['batch_size']}, {options['max_vocab']:,} words, seed {options['seed']}"
    )
    return f"{shape} · {settings}"[:MAX_NAME]


def coclustering_label(recording: str, params: dict[str, Any]) -> str:
    """'lstm on ptb · layer 1 h · 8 clusters of 500 words (min 5) · abs'."""
    channel = f"layer {params.get('layer')} {params.get('state')}"
    selection = params.get("word_selection", "frequent")
    if selection == "list":
        clusters = f"{params.get('n_clusters')} clusters of {len(params.get('words') or [])} listed words"
    else:
        salient = "salient " if selection == "salient" else ""
        clusters = f"{params.get('n_clusters')} clusters of {params.get('top_words')} {salient}words"
        clusters += f" (min {params.get('min_count')})"
    label = f"{recording} · {channel} · {clusters} · {params.get('mode')}"
    if params.get("seed"):
        label += f" · seed {params['seed']}"
    if (params.get("seeds") or 1) > 1:
        label += f" · {params['seeds']} seeds" + (" · consensus" if params.get("consensus") else "")
    return label[:MAX_LABEL]


def edited_label(parent: str, edits: dict[str, Any]) -> str:
    """The parent's label and what was done to it: 'lstm on ptb · ... · edited: 2 moves, merge 1+3'."""
    done = []
    if edits.get("moves"):
        done.append(f"{len(edits['moves'])} move{'s' if len(edits['moves']) > 1 else ''}")
    if edits.get("merge"):
        done.append(f"merge {edits['merge'][0]}+{edits['merge'][1]}")
    if edits.get("split"):
        done.append(f"split {edits['split']['cluster']} in {edits['split'].get('k', 2)}")
    return f"{parent} · edited: {', '.join(done)}"[:MAX_LABEL]
