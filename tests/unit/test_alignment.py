"""SPEC 6: a model aligned with a copy of itself whose units were permuted gives the permutation back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from services.comparison.alignment import align_units
from services.models import LoadedModel, check_model
from services.recording import RecordingOptions, record
from tests.conftest import random_model


def _permute_lstm_units(model: LoadedModel, perm: torch.Tensor) -> LoadedModel:
    """Reorder the hidden units of a 1-layer LSTM: gate rows, recurrent columns, decoder columns."""
    sd = {k: v.clone() for k, v in model.state_dict.items()}
    size = len(perm)
    rows = torch.cat([perm + g * size for g in range(4)])
    for key in ("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"):
        sd[key] = sd[key][rows]
    sd["rnn.weight_hh_l0"] = sd["rnn.weight_hh_l0"][:, perm]
    sd["decoder.weight"] = sd["decoder.weight"][:, perm]
    return check_model(sd, model.vocab, model.spec.to_config())


def test_permuted_copy_is_recovered(tmp_path: Path, ptb_vocab: list[str], shared_data: Path) -> None:
    model = random_model(ptb_vocab, cell="lstm", layers=1, hidden=12, embedding=8, scale=2.0)
    perm = torch.randperm(12, generator=torch.Generator().manual_seed(5))
    copy = _permute_lstm_units(model, perm)
    options = RecordingOptions(max_tokens=8000)
    a = record(model, shared_data / "ptb.valid.txt", options=options, device="cpu")
    b = record(copy, shared_data / "ptb.valid.txt", options=options, device="cpu")
    ids_a, m_a = a.statistics.matrix(0, "h", top_words=300, min_count=5)
    ids_b, m_b = b.statistics.matrix(0, "h", top_words=300, min_count=5)
    result = align_units(a.words(ids_a), m_a, b.words(ids_b), m_b)
    # unit u of the copy is unit perm[u] of the original
    recovered = {ua: ub for ua, ub, _ in result.pairs}
    assert all(recovered[int(perm[u])] == u for u in range(12))
    assert min(c for _, _, c in result.pairs) > 0.999
    assert len(result.shared_words) > 100
    np.testing.assert_allclose(result.correlation.shape, (12, 12))
