"""Evaluating a typed text (SPEC 5): states, predictions, glyphs and the output decomposition."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from services.corpora.encoding import TokenEncoder
from services.errors import UserError
from services.evaluation.glyphs import ClusterGlyphs, cluster_glyphs
from services.models.network import RNNModel
from services.recording.taps import iter_states

TOP_PREDICTIONS = 10


@dataclass(frozen=True)
class Decomposition:
    """logit = bias + sum(contributions); contributions[t] = u_i . (h_t - h_{t-1}) of the top layer."""

    output: int
    label: str
    logit: float
    bias: float
    contributions: np.ndarray  # [T]
    factors: np.ndarray  # [T] exp(contribution)


@dataclass(frozen=True)
class SentenceEvaluation:
    tokens: list[str]
    token_ids: list[int]
    unk_tokens: int
    dropped_tokens: int
    states: dict[tuple[int, str], np.ndarray]  # (layer, state) -> [T, hidden]
    # language model: per step the top next tokens with probabilities; classifier: class probabilities
    predictions: list[list[tuple[str, float]]]
    decomposition: Decomposition | None  # None: the output is not linear in a state's sum (SPEC 11)
    glyphs: ClusterGlyphs | None = None


def evaluate_text(
    model: RNNModel,
    vocab: list[str],
    text: str,
    unit_labels: np.ndarray | None = None,
    layer: int | None = None,
    state: str = "h",
    output: int | None = None,
    labels: list[str] | None = None,
    n_clusters: int | None = None,
) -> SentenceEvaluation:
    """Read text (no <eos> appended: the prediction after the last typed word is what users ask for).

    unit_labels [H] of a co-clustering of (layer, state) give the glyphs; output picks the logit to
    decompose (default: the top prediction after the last token).
    """
    spec = model.spec
    encoder = TokenEncoder(vocab, spec.tokenizer, spec.lowercase, append_eos=False)
    ids, unk, dropped = encoder.encode(text)
    if not ids:
        raise UserError("the text has no token the model knows")
    device = model.encoder.weight.device
    tokens = torch.tensor([ids], device=device)
    with torch.inference_mode():
        _, chunk = next(iter_states(model, tokens, chunk_steps=len(ids)))  # one chunk: all T steps
        seq = chunk[1:, 0]  # [T, layers, states, hidden]
        top_h = seq[:, -1, 0]  # [T, hidden]
        logits = model.decoder(top_h).double()  # [T, outputs]
    probs = torch.softmax(logits, dim=1).cpu().numpy()
    names = (
        vocab
        if spec.task == "language_model"
        else (labels or spec.labels or [str(i) for i in range(spec.output_size)])
    )
    states = {
        (layer_i, name): seq[:, layer_i, s_i].cpu().numpy().astype(np.float64)
        for layer_i in range(spec.num_layers)
        for s_i, name in enumerate(spec.state_names)
    }
    decomposition = _decompose(model, states[(spec.num_layers - 1, "h")], probs[-1], output, names)
    glyphs = None
    if unit_labels is not None:
        layer = spec.num_layers - 1 if layer is None else layer
        if (layer, state) not in states:
            raise UserError(f"no layer {layer} state {state!r} in this model")
        labels_arr = np.asarray(unit_labels)
        if labels_arr.shape != (spec.hidden_size,):
            raise UserError(f"unit_labels has shape {list(labels_arr.shape)}; expected [{spec.hidden_size}]")
        # a co-clustering may leave a unit cluster empty: count clusters by the co-clustering, not the labels
        count = int(labels_arr.max()) + 1 if n_clusters is None else n_clusters
        glyphs = cluster_glyphs(states[(layer, state)], labels_arr, count)
    return SentenceEvaluation(
        tokens=[vocab[i] for i in ids],
        token_ids=ids,
        unk_tokens=unk,
        dropped_tokens=dropped,
        states=states,
        predictions=[_top(p, names, spec.task == "language_model") for p in probs],
        decomposition=decomposition,
        glyphs=glyphs,
    )


def _top(probs: np.ndarray, names: list[str], language_model: bool) -> list[tuple[str, float]]:
    if not language_model:
        return [(names[i], float(p)) for i, p in enumerate(probs)]
    best = np.argsort(-probs, kind="stable")[:TOP_PREDICTIONS]
    return [(names[i], float(probs[i])) for i in best]


def _decompose(
    model: RNNModel, top_h: np.ndarray, last_probs: np.ndarray, output: int | None, names: list[str]
) -> Decomposition:
    """top_h [T, hidden]: since h_0 = 0, h_T is the sum of the responses, so the logit splits by step."""
    index = int(np.argmax(last_probs)) if output is None else output
    if not 0 <= index < len(last_probs):
        raise UserError(f"output {index} is out of range 0..{len(last_probs) - 1}")
    u = model.decoder.weight[index].detach().double().cpu().numpy()
    b = float(model.decoder.bias[index].detach().double().cpu())
    responses = np.diff(np.vstack([np.zeros((1, top_h.shape[1])), top_h]), axis=0)
    contributions = responses @ u
    return Decomposition(
        output=index,
        label=names[index],
        logit=float(top_h[-1] @ u + b),
        bias=b,
        contributions=contributions,
        factors=np.exp(contributions),
    )
