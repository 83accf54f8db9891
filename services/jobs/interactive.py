"""Answers the API waits for: sentence evaluation, unit alignment, patching and attribution
(sub-second work).

Workers keep the most recently used models loaded, so a sentence is read without touching disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from cachetools import LRUCache
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from services.causal import attribute as attribute_text
from services.causal import not_yet
from services.causal import patch as patch_text
from services.comparison.alignment import align_units
from services.corpora.encoding import TokenizerJsonEncoder
from services.database.session import session_scope
from services.database.tables import Alignment, Coclustering, Model, Recording
from services.errors import UserError, report_internal_error
from services.evaluation import evaluate_text
from services.evaluation.modern_sentence import evaluate_modern, no_decomposition
from services.jobs.messages import (
    AlignQuestion,
    Answer,
    AttributeQuestion,
    EvaluateQuestion,
    PatchQuestion,
    Question,
    alignment_key,
)
from services.jobs.running import load_stored_model
from services.models import RNNModel, build_network
from services.models.modern.network import ModernNetwork
from services.recording import default_device, find_channel
from services.settings import Settings
from services.storage.statistics import mean_matrix

Reader = tuple[RNNModel, list[str]] | tuple[ModernNetwork, TokenizerJsonEncoder]


class ModelCache:
    """The last few models used, built on the worker's device; keyed by id and weights checksum."""

    def __init__(self, size: int) -> None:
        self._models: LRUCache[tuple[int, str], Reader] = LRUCache(size)
        self._lock = threading.Lock()

    def get(self, settings: Settings, model: Model) -> Reader:
        key = (model.id, str(model.files["weights"]["sha256"]))  # new weights: a new key
        with self._lock:
            entry = self._models.get(key)
        if entry is None:
            loaded = load_stored_model(settings, model)
            if loaded.is_modern:  # SPEC 11: the model's own tokenizer, no end-of-sequence token
                assert loaded.tokenizer_json is not None
                encoder = TokenizerJsonEncoder(
                    loaded.vocab, loaded.tokenizer_json, loaded.eos, append_eos=False
                )
                entry = (ModernNetwork(loaded, default_device()), encoder)
            else:
                entry = (build_network(loaded, default_device()).eval(), loaded.vocab)
            with self._lock:
                self._models[key] = entry
        return entry


_cache: ModelCache | None = None
log = logging.getLogger(__name__)


def model_cache(settings: Settings) -> ModelCache:
    global _cache
    if _cache is None:
        _cache = ModelCache(settings.model_cache_size)
    return _cache


def answer(question: Question, work: Callable[[], dict[str, Any]]) -> Answer:
    """The answer the waiting API process passes on: the result, the user's mistake in words (a
    422), or a bug logged here under the id its words carry (a 500)."""
    try:
        return {"ok": work()}
    except UserError as exc:
        return {"refused": str(exc)}
    except Exception as exc:
        return {"internal_error": report_internal_error(log, f"the {question} task failed", exc)}


def evaluate(settings: Settings, question: EvaluateQuestion) -> dict[str, Any]:
    """Read a text with a model (SPEC 5): states, predictions, glyphs with a co-clustering, the
    decomposition of one output's logit."""
    assert settings.database_url is not None
    unit_labels, n_clusters = None, None
    coclustering_id, layer, state = question["coclustering_id"], question["layer"], question["state"]
    with session_scope(settings.database_url) as session:
        model = session.get_one(Model, question["model_id"])
        if coclustering_id is not None:
            co = session.get_one(Coclustering, coclustering_id)
            if co.result is None:
                raise UserError(f"co-clustering {coclustering_id} has no result yet")
            unit_labels = np.asarray(co.result["unit_labels"])
            layer, state, n_clusters = co.params["layer"], co.params["state"], co.params["n_clusters"]
        reader = model_cache(settings).get(settings, model)
        cell = model.cell
    if isinstance(reader[0], ModernNetwork):
        network, encoder = reader
        assert isinstance(network, ModernNetwork) and isinstance(encoder, TokenizerJsonEncoder)
        result = evaluate_modern(
            network, encoder, question["text"], unit_labels, layer, state or network.states[0], n_clusters
        )
    else:
        rnn, vocab = reader
        assert isinstance(rnn, RNNModel) and isinstance(vocab, list)
        result = evaluate_text(
            rnn,
            vocab,
            question["text"],
            unit_labels,
            layer,
            state or "h",
            question["output"],
            n_clusters=n_clusters,
        )
    d = result.decomposition
    body: dict[str, Any] = {
        "tokens": result.tokens,
        "token_ids": result.token_ids,
        "unk_tokens": result.unk_tokens,
        "dropped_tokens": result.dropped_tokens,
        "states": [
            {"layer": layer_i, "state": name, "values": values.tolist()}
            for (layer_i, name), values in result.states.items()
        ],
        "predictions": [[{"token": t, "probability": p} for t, p in step] for step in result.predictions],
        "decomposition": None
        if d is None
        else {
            "output": d.output,
            "label": d.label,
            "logit": d.logit,
            "bias": d.bias,
            "contributions": d.contributions.tolist(),
            "factors": d.factors.tolist(),
        },
        "decomposition_note": no_decomposition(cell) if d is None else None,
        "glyphs": None,
    }
    if result.glyphs is not None:
        g = result.glyphs
        body["glyphs"] = {
            "layer": layer,
            "state": state,
            "positive": g.positive.tolist(),
            "negative": g.negative.tolist(),
            "update_positive": g.update_positive.tolist(),
            "update_negative": g.update_negative.tolist(),
            "preserved": g.preserved.tolist(),
            # units per chip: a client shows no row for an empty chip (its values are all 0)
            "sizes": np.bincount(np.asarray(unit_labels), minlength=int(n_clusters or 0)).tolist(),
        }
    return body


def align(settings: Settings, question: AlignQuestion) -> dict[str, Any]:
    """Align the units of two recordings over their shared top words; stored for the next request."""
    assert settings.database_url is not None
    key = alignment_key(question)
    q, top_words = question, question["top_words"]
    with session_scope(settings.database_url) as session:
        a = session.get_one(Recording, q["recording_id"])
        b = session.get_one(Recording, q["other_id"])
        channel_a = find_channel(a.channels or [], q["layer"], q["state"], f"recording {a.id}")
        channel_b = find_channel(b.channels or [], q["other_layer"], q["other_state"], f"recording {b.id}")
        words_a, matrix_a, _ = mean_matrix(session, a.id, channel_a, top_words)
        words_b, matrix_b, _ = mean_matrix(session, b.id, channel_b, top_words)
    alignment = align_units(words_a, matrix_a, words_b, matrix_b)
    result = {
        "pairs": [{"unit": u, "other_unit": v, "correlation": c} for u, v, c in alignment.pairs],
        "shared_words": alignment.shared_words,
    }
    with session_scope(settings.database_url) as session:
        session.execute(
            insert(Alignment).values(owner_id=q["owner_id"], result=result, **key).on_conflict_do_nothing()
        )
        stored = session.execute(
            select(Alignment.id).where(*[getattr(Alignment, k) == v for k, v in key.items()])
        ).scalar_one()
    return {"id": stored, **result}


def _classic(settings: Settings, model_id: int, what: str) -> tuple[RNNModel, list[str], list[str] | None]:
    """A SPEC 1 model from the cache, its vocabulary and its class labels; a SPEC 11 one refused."""
    assert settings.database_url is not None
    with session_scope(settings.database_url) as session:
        model = session.get_one(Model, model_id)
        refusal = not_yet(model.cell, what)
        if refusal is not None:
            raise UserError(refusal)
        reader = model_cache(settings).get(settings, model)
        labels = model.config.get("labels")
    rnn, vocab = reader
    assert isinstance(rnn, RNNModel) and isinstance(vocab, list)
    return rnn, vocab, labels


def patch(settings: Settings, question: PatchQuestion) -> dict[str, Any]:
    """Patch units of the target text's run with the source text's values (SPEC 13)."""
    q = question
    rnn, vocab, labels = _classic(settings, q["model_id"], "patching")
    return patch_text(
        rnn,
        vocab,
        q["source_text"],
        q["target_text"],
        q["units"],
        q["layer"],
        q["state"],
        q["steps"],
        q["output"],
        q["controls"],
        q["seed"],
        labels,
    ).as_json()


def attribute(settings: Settings, question: AttributeQuestion) -> dict[str, Any]:
    """Integrated gradients of units' summed state at a step over the earlier tokens (SPEC 13)."""
    q = question
    rnn, vocab, _ = _classic(settings, q["model_id"], "attribution")
    return attribute_text(
        rnn, vocab, q["text"], q["units"], q["layer"], q["state"], q["step"], q["n_steps"]
    ).as_json()
