"""SPEC 11: the recurrent language models people study now, as `transformers` saves them.

This package's top level holds the plain facts (no torch): which `model_type`s are supported, what a
unit and each recorded state of each is. The stepped recurrences (one module per model_type, the
`Architecture` of base.py) and the folder reader import torch and transformers when first used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.models.modern.base import Architecture


@dataclass(frozen=True)
class Family:
    """What the model's page and the docs say of one model_type."""

    model_type: str
    class_name: str  # the transformers class whose forward is the reference
    title: str
    unit: str
    states: tuple[str, ...]  # recorded state names, in channel order
    meaning: dict[str, str]  # per state, what it is, for the model's page and the docs


SSM_MEANING = {
    "y": "what the channel reads out of its memory at this step: C_t · h_t (its state row), before "
    "the D skip and the gate",
    "norm": "how much the channel holds: the length ‖h_t‖₂ of its state row",
}
FAMILIES: dict[str, Family] = {
    f.model_type: f
    for f in (
        Family("mamba", "MambaForCausalLM", "Mamba", "a channel c of d_inner", ("y", "norm"), SSM_MEANING),
        Family(
            "mamba2",
            "Mamba2ForCausalLM",
            "Mamba-2",
            "a channel (head, p) of num_heads × head_dim",
            ("y", "norm"),
            SSM_MEANING,
        ),
        Family(
            "rwkv",
            "RwkvForCausalLM",
            "RWKV-4",
            "a channel of attention_hidden_size",
            ("wkv", "norm"),
            {
                "wkv": "what the channel reads out of its memory at this step: the average of past values "
                "weighted by their decayed exp(key), the current token's boosted by exp(time_first) "
                "(num/den), before the receptance gate",
                "norm": "how much past the channel holds: the log of its denominator state, the decayed "
                "sum of exp(key) over the steps read so far (log(den) + max)",
            },
        ),
        Family(
            "xlstm",
            "xLSTMForCausalLM",
            "xLSTM (mLSTM)",
            "a value channel (head, v) of the mLSTM memory",
            ("y", "norm"),
            {
                "y": "what the head reads out of its memory for this value channel at this step: "
                "(q·C)[v] divided by the normaliser, before the multi-head norm and the output gate",
                "norm": "how much the memory holds for this value channel: the length ‖C[:, v]‖₂ of its "
                "column of the head's memory matrix, as stored (stabilised, i.e. scaled by exp(-m))",
            },
        ),
        Family(
            "recurrent_gemma",
            "RecurrentGemmaForCausalLM",
            "RecurrentGemma (Griffin)",
            "a channel of the RG-LRU state (lru_width)",
            ("h",),
            {
                "h": "the RG-LRU's state: a gated, leaky running average of the convolved input of a "
                "recurrent layer, each channel decaying at a rate its recurrence gate sets at every token"
            },
        ),
    )
}
MODEL_TYPES: tuple[str, ...] = tuple(FAMILIES)


def is_modern(cell: str) -> bool:
    """A model row's `cell` is its model_type for the models of SPEC 11."""
    return cell in FAMILIES


def architecture(model_type: str) -> Architecture:
    """The stepped recurrence of a supported model_type (imports torch and transformers)."""
    module = importlib.import_module(f"services.models.modern.{FAMILIES[model_type].model_type}")
    found: Architecture = module.ARCHITECTURE
    return found
