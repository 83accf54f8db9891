"""SPEC 11 ablation: units of one layer held while a model reads (freeze: their state rows keep
their value; zero: they take no write), checked against answers known without our recurrences."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from services.ablation.engine import AblationOptions, ablate
from services.models.modern import MODEL_TYPES, architecture
from services.models.modern.base import Hold
from services.models.modern.folder import read_folder
from tests.modern_folders import WORDS, folder_files, save_folder, tiny_model

BATCH, STEPS = 2, 9


def _run(
    model: Any, tokens: torch.Tensor, layers: list[int], hold: Hold | None
) -> tuple[torch.Tensor, torch.Tensor]:
    arch = architecture(model.config.model_type)
    taps = torch.zeros(STEPS, BATCH, len(layers), len(arch.states), arch.units(model.config))
    with torch.inference_mode():
        logits, _ = arch.forward_chunk(
            model, tokens, arch.zero_state(model, BATCH), taps, layers, True, hold=hold
        )
    assert logits is not None
    return logits, taps


def _chip(units: int, every: int = 3) -> torch.Tensor:
    mask = torch.zeros(BATCH, units, dtype=torch.bool)
    mask[:, ::every] = True
    return mask


@pytest.mark.parametrize("method", ["freeze", "zero"])
@pytest.mark.parametrize("model_type", MODEL_TYPES)
def test_held_units_stay_empty_and_their_neighbours_do_not_move(model_type: str, method: str) -> None:
    """From the zero state a held unit's state stays zero (freeze and zero alike), so what it reads
    out is zero; every other unit of the layer reads what it reads unheld (units of one layer do not
    mix within the recurrence)."""
    model = tiny_model(model_type)
    arch = architecture(model_type)
    layer = arch.recorded_layers(model.config)[0]
    tokens = torch.randint(0, len(WORDS), (BATCH, STEPS), generator=torch.Generator().manual_seed(5))
    chip = _chip(arch.units(model.config))
    plain_logits, plain = _run(model, tokens, [layer], None)
    held_logits, held = _run(model, tokens, [layer], Hold(layer, chip, method))
    others = ~chip[0]
    assert torch.allclose(held[:, :, 0, :, others], plain[:, :, 0, :, others], atol=1e-5)
    first = arch.states[0]  # y, wkv or h
    if first in ("y", "h"):  # a readout of (or) the held state row: zero
        assert held[:, :, 0, 0, chip[0]].abs().max() < 1e-6
    assert (held_logits - plain_logits).abs().max() > 1e-4  # the held units mattered downstream


def test_rwkv_a_held_channel_reads_only_the_current_value() -> None:
    """RWKV: with nothing ever written to its (num, den), a channel's wkv is the current token's
    value v_t alone, as transformers' own value projection gives it."""
    model = tiny_model("rwkv")
    tokens = torch.randint(0, len(WORDS), (BATCH, STEPS), generator=torch.Generator().manual_seed(6))
    chip = _chip(16)
    values: list[torch.Tensor] = []
    hook = model.rwkv.blocks[1].attention.value.register_forward_hook(lambda m, i, o: values.append(o))
    try:
        with torch.inference_mode():
            model(tokens, use_cache=False)
    finally:
        hook.remove()
    _, taps = _run(model, tokens, [1], Hold(1, chip, "freeze"))
    assert torch.allclose(taps[:, :, 0, 0, chip[0]], values[0].transpose(0, 1)[:, :, chip[0]], atol=1e-5)


def test_mamba_freeze_is_a_channel_whose_step_is_zero() -> None:
    """Mamba: a channel with Δ = 0 (its dt_proj bias at -10,000) neither decays nor takes writes,
    exactly what freezing it means; transformers' forward of that model is the answer."""
    model = tiny_model("mamba")
    chip = _chip(32)
    still = copy.deepcopy(model)
    with torch.no_grad():
        still.backbone.layers[1].mixer.dt_proj.bias[chip[0]] = -1e4
    tokens = torch.randint(0, len(WORDS), (BATCH, STEPS), generator=torch.Generator().manual_seed(7))
    logits, _ = _run(model, tokens, [1], Hold(1, chip, "freeze"))
    with torch.inference_mode():
        expected = still(tokens, use_cache=False).logits
    assert (logits - expected).abs().max() < 1e-4


def test_mamba2_freeze_of_a_head_is_a_head_whose_step_is_zero() -> None:
    """Mamba-2: a head with Δ = 0 (dt_bias at -10,000) is every channel of it frozen."""
    model = tiny_model("mamba2")
    chip = torch.zeros(BATCH, 32, dtype=torch.bool)
    chip[:, 8:16] = True  # head 1 of 4 (head_dim 8)
    still = copy.deepcopy(model)
    with torch.no_grad():
        still.backbone.layers[0].mixer.dt_bias[1] = -1e4
    tokens = torch.randint(0, len(WORDS), (BATCH, STEPS), generator=torch.Generator().manual_seed(8))
    logits, _ = _run(model, tokens, [0], Hold(0, chip, "freeze"))
    with torch.inference_mode():
        expected = still(tokens, use_cache=False).logits
    assert (logits - expected).abs().max() < 1e-4


def test_an_ablation_of_a_mamba2_chip_against_controls(tmp_path: Path) -> None:
    """The engine on a SPEC 11 model: the unablated loss is transformers' own mean next-token loss
    over the corpus; the chip and each control change it."""
    folder = save_folder(tiny_model("mamba2"), tmp_path / "m2")
    model = read_folder(folder_files(folder))
    lines = ["the cat sat on the mat .", "a big dog ran and the small cat sat", "the dog sat on a mat ."] * 4
    corpus = tmp_path / "c.txt"
    corpus.write_text("\n".join(lines) + "\n")
    clusters = {"the": 0, "cat": 1, "dog": 1, "sat": 0}
    result = ablate(
        model, corpus, "text", AblationOptions(layer=1, units=(0, 5, 9, 17), controls=3), clusters, 2
    )
    import transformers

    reference = transformers.Mamba2ForCausalLM.from_pretrained(folder).eval()
    index = {w: i for i, w in enumerate(WORDS)}
    total, n = 0.0, 0
    for line in lines:
        ids = torch.tensor([[index[w] for w in line.split()] + [index["<eos>"]]])
        with torch.inference_mode():
            loss = torch.nn.functional.cross_entropy(
                reference(ids).logits[0, :-1], ids[0, 1:], reduction="sum"
            )
        total, n = total + float(loss), n + ids.shape[1] - 1
    assert abs(result.loss["unablated"] - total / n) < 1e-5
    assert result.loss["ablated"] != result.loss["unablated"]
    assert len(result.loss["controls"]) == 3 and all(np.isfinite(result.loss["controls"]))
    assert all(d is not None for d in result.delta_loss)
