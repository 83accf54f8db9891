"""SPEC 1: reading weights in the word_language_model layout, inferring and checking the config."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from services.models import ModelFormatError, RNNModel, build_network, load_model, network_state_dict
from services.models.spec import ModelSpec

VOCAB = ["<unk>", "<eos>", "a", "b", "c", "d"]


def _state(cell: str, layers: int = 2, hidden: int = 5, emb: int = 3, out: int = 6, **kw: object) -> dict:
    spec = ModelSpec(
        cell=cell,
        num_layers=layers,
        hidden_size=hidden,
        embedding_size=emb,  # type: ignore[arg-type]
        vocab_size=6,
        task="language_model" if out == 6 else "classifier",
        num_classes=None if out == 6 else out,
        **kw,
    )  # type: ignore[arg-type]
    return network_state_dict(RNNModel(spec))


@pytest.mark.parametrize(("cell", "layers"), [("lstm", 1), ("lstm", 3), ("gru", 2), ("rnn_tanh", 2)])
def test_infers_architecture_from_shapes(tmp_path: Path, cell: str, layers: int) -> None:
    save_file(_state(cell, layers), str(tmp_path / "m.safetensors"))
    model = load_model(tmp_path / "m.safetensors", VOCAB)
    assert (model.spec.cell, model.spec.num_layers, model.spec.hidden_size) == (cell, layers, 5)
    assert (model.spec.embedding_size, model.spec.vocab_size, model.spec.task) == (3, 6, "language_model")


def test_classifier_and_torch_state_dict(tmp_path: Path) -> None:
    torch.save(_state("gru", out=2), tmp_path / "m.pt")
    model = load_model(tmp_path / "m.pt", VOCAB)
    assert model.spec.task == "classifier" and model.spec.num_classes == 2


def test_relu_only_when_stated(tmp_path: Path) -> None:
    save_file(_state("rnn_relu"), str(tmp_path / "m.safetensors"))
    assert load_model(tmp_path / "m.safetensors", VOCAB).spec.cell == "rnn_tanh"
    model = load_model(tmp_path / "m.safetensors", VOCAB, {"cell": "rnn_relu"})
    assert model.spec.cell == "rnn_relu"
    assert build_network(model).rnn.nonlinearity == "relu"


def test_tied_weights_survive_safetensors_dropping_the_decoder(tmp_path: Path) -> None:
    state = _state("lstm", hidden=4, emb=4)
    state["decoder.weight"] = state["encoder.weight"]
    del state["decoder.weight"]  # what safetensors' deduplication leaves
    save_file(state, str(tmp_path / "m.safetensors"))
    model = load_model(tmp_path / "m.safetensors", VOCAB)
    assert model.spec.tie_weights
    assert torch.equal(build_network(model).decoder.weight, state["encoder.weight"])


def test_stated_field_that_contradicts_shapes_names_both(tmp_path: Path) -> None:
    save_file(_state("lstm"), str(tmp_path / "m.safetensors"))
    with pytest.raises(ModelFormatError, match=r"hidden_size is 7 but the weights say 5"):
        load_model(tmp_path / "m.safetensors", VOCAB, {"hidden_size": 7})
    with pytest.raises(ModelFormatError, match=r"cell is 'gru' but the weight shapes say 'lstm'"):
        load_model(tmp_path / "m.safetensors", VOCAB, {"cell": "gru"})


def test_wrong_shape_names_key_found_and_expected(tmp_path: Path) -> None:
    state = _state("lstm")
    state["rnn.weight_ih_l1"] = torch.zeros(20, 4)
    save_file(state, str(tmp_path / "m.safetensors"))
    with pytest.raises(ModelFormatError, match=r"rnn.weight_ih_l1 has shape \[20, 4\]; expected \[20, 5\]"):
        load_model(tmp_path / "m.safetensors", VOCAB)


def test_vocab_must_match_embedding_rows(tmp_path: Path) -> None:
    save_file(_state("lstm"), str(tmp_path / "m.safetensors"))
    with pytest.raises(ModelFormatError, match="vocab has 5 tokens but encoder.weight has 6 rows"):
        load_model(tmp_path / "m.safetensors", VOCAB[:5])


def test_bidirectional_and_projection_refused(tmp_path: Path) -> None:
    state = _state("lstm")
    state["rnn.weight_ih_l0_reverse"] = state["rnn.weight_ih_l0"].clone()
    save_file(state, str(tmp_path / "m.safetensors"))
    with pytest.raises(ModelFormatError, match="bidirectional"):
        load_model(tmp_path / "m.safetensors", VOCAB)
    lstm = torch.nn.LSTM(3, 5, proj_size=2)
    state = {f"rnn.{k}": v for k, v in lstm.state_dict().items()} | {"encoder.weight": torch.zeros(6, 3)}
    save_file(state, str(tmp_path / "p.safetensors"))
    with pytest.raises(ModelFormatError, match="proj_size"):
        load_model(tmp_path / "p.safetensors", VOCAB)


def test_nan_weights_refused(tmp_path: Path) -> None:
    state = _state("gru")
    state["rnn.weight_hh_l0"][0, 0] = float("nan")
    save_file(state, str(tmp_path / "m.safetensors"))
    with pytest.raises(ModelFormatError, match="rnn.weight_hh_l0 contains NaN or Inf"):
        load_model(tmp_path / "m.safetensors", VOCAB)


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.touch, (self.marker,))


def test_pickle_that_would_run_code_is_refused_and_does_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    torch.save({"encoder.weight": _Payload(marker)}, tmp_path / "evil.pt")
    with pytest.raises(ModelFormatError, match="weights"):
        load_model(tmp_path / "evil.pt", VOCAB)
    raw = tmp_path / "evil.pkl"
    raw.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelFormatError):
        load_model(raw, VOCAB)
    assert not marker.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x08\x00\x00\x00\x00\x00\x00\x00{}", b"\xff" * 64, b"\x00\x00\x00\x00\x00\x00\x10\x00{"],
)
def test_corrupt_files_give_clear_errors(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "m.safetensors").write_bytes(content)
    with pytest.raises(ModelFormatError):
        load_model(tmp_path / "m.safetensors", VOCAB)


def test_truncated_safetensors(tmp_path: Path) -> None:
    save_file(_state("lstm"), str(tmp_path / "m.safetensors"))
    data = (tmp_path / "m.safetensors").read_bytes()
    (tmp_path / "t.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFormatError, match="safetensors"):
        load_model(tmp_path / "t.safetensors", VOCAB)


def test_vocab_problems(tmp_path: Path) -> None:
    save_file(_state("lstm"), str(tmp_path / "m.safetensors"))
    (tmp_path / "v.txt").write_text("a\nb\na\nc\nd\ne\n")
    with pytest.raises(ModelFormatError, match="'a' appears twice"):
        load_model(tmp_path / "m.safetensors", tmp_path / "v.txt")
    (tmp_path / "v.txt").write_bytes(b"a\nb\n\xff\nc\nd\ne\n")
    with pytest.raises(ModelFormatError, match="not UTF-8"):
        load_model(tmp_path / "m.safetensors", tmp_path / "v.txt")
