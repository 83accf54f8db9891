"""A typed text read by a SPEC 11 model: its states at every step, predictions and glyphs.

The output of these models is not a linear function of one state's sum (normalisations, gates and
the residual stream come between a layer's state and the logits), so the logit is not split by
step as SPEC 5 does for an RNN's top layer: the answer says so in words instead.
"""

from __future__ import annotations

import numpy as np
import torch

from services.corpora.encoding import TokenizerJsonEncoder
from services.errors import UserError
from services.evaluation.glyphs import cluster_glyphs
from services.evaluation.sentence import SentenceEvaluation, _top
from services.models.modern import FAMILIES
from services.models.modern.network import ModernNetwork


def no_decomposition(model_type: str) -> str:
    """Why a SPEC 11 model's logit is not decomposed by step, in words."""
    return (
        f"a {FAMILIES[model_type].title} model's output is not a linear function of a state's sum (norms, "
        "gates and the residual stream come between), so its logit is not split by step"
    )


def evaluate_modern(
    network: ModernNetwork,
    encoder: TokenizerJsonEncoder,
    text: str,
    unit_labels: np.ndarray | None = None,
    layer: int | None = None,
    state: str = "y",
    n_clusters: int | None = None,
) -> SentenceEvaluation:
    """Read text (no end-of-sequence token appended) -> states of every recorded layer, the top next
    tokens at every step, and glyphs when a co-clustering's unit labels are given."""
    ids, unk, dropped = encoder.encode(text)
    if not ids:
        raise UserError("the text has no token the model knows")
    layers, names = network.recorded_layers, network.states
    tokens = torch.tensor([ids], device=network.device)
    taps = torch.empty(len(ids), 1, len(layers), len(names), network.spec.hidden_size, device=network.device)
    with torch.inference_mode():
        logits, _ = network.forward_chunk(tokens, network.zero_state(1), taps, layers, logits=True)
    assert logits is not None
    probs = torch.softmax(logits[0].double(), dim=1).cpu().numpy()
    states = {
        (layer_i, name): taps[:, 0, i, s].cpu().numpy().astype(np.float64)
        for i, layer_i in enumerate(layers)
        for s, name in enumerate(names)
    }
    glyphs = None
    if unit_labels is not None:
        layer = layers[-1] if layer is None else layer
        if (layer, state) not in states:
            raise UserError(f"no layer {layer} state {state!r} in this model")
        labels = np.asarray(unit_labels)
        count = int(labels.max()) + 1 if n_clusters is None else n_clusters
        glyphs = cluster_glyphs(states[(layer, state)], labels, count)
    vocab = encoder.vocab
    return SentenceEvaluation(
        tokens=[vocab[i] for i in ids],
        token_ids=ids,
        unk_tokens=unk,
        dropped_tokens=dropped,
        states=states,
        predictions=[_top(p, vocab, True) for p in probs],
        decomposition=None,
        glyphs=glyphs,
    )
