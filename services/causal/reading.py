"""What patching and attribution share: a text read into token ids, and the (layer, state) chosen
with its units checked."""

from __future__ import annotations

from collections.abc import Sequence

from services.corpora.encoding import TokenEncoder
from services.errors import UserError
from services.models.network import RNNModel
from services.recording import channels_for, find_channel


def token_ids(model: RNNModel, vocab: list[str], text: str, what: str = "the text") -> list[int]:
    """The ids of text as the model's corpora are tokenized, no <eos> appended (the state after the
    last typed word is what is asked about); UserError when none is known."""
    spec = model.spec
    ids, _, _ = TokenEncoder(vocab, spec.tokenizer, spec.lowercase, append_eos=False).encode(text)
    if not ids:
        raise UserError(f"{what} has no token the model knows")
    return ids


def state_index(model: RNNModel, layer: int, state: str) -> int:
    """Which of the layer's carried states (0: h, 1: c of an LSTM) `state` names; UnknownChannel
    (in its one wording) for a layer or state the model does not have, gates included: a gate is
    not carried from step to step."""
    find_channel(channels_for(model, gates=False), layer, state, f"this {model.spec.cell} model")
    return model.spec.state_names.index(state)


def checked_units(model: RNNModel, units: Sequence[int], allow_empty: bool) -> list[int]:
    """units sorted and distinct, each one of the layer's; UserError otherwise."""
    hidden = model.spec.hidden_size
    chosen = sorted({int(u) for u in units})
    if any(not 0 <= u < hidden for u in chosen):
        raise UserError(f"units must be some of 0..{hidden - 1}")
    if not chosen and not allow_empty:
        raise UserError("units must name at least one unit")
    return chosen


def checked_steps(steps: Sequence[int], length: int, what: str) -> list[int]:
    """steps sorted and distinct, each a 0-based index into `length` tokens; UserError otherwise."""
    chosen = sorted({int(s) for s in steps})
    wrong = [s for s in chosen if not 0 <= s < length]
    if wrong:
        raise UserError(
            f"step {wrong[0]} is not a step of {what}: it has {length} token"
            f"{'s' * (length != 1)}, steps 0..{length - 1}"
        )
    return chosen
