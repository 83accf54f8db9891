"""Checkpoints as people have them (SPEC 1): the word_language_model example's module pickles for every
cell, tied and untied; training-loop and Lightning checkpoints; vocabularies from the training text
and vocab.json; and every file that would run code refused in words without running it."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from pathlib import Path

import pytest
import torch

from services.models import ModelFormatError, load_model, read_vocab, vocab_from_texts
from services.models.checkpoints import read_checkpoint
from tests import hostile_classes
from tests.word_language_model import RNN_TYPES, Corpus, RNNModel, make_example

CELLS = {"LSTM": "lstm", "GRU": "gru", "RNN_TANH": "rnn_tanh", "RNN_RELU": "rnn_relu"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder and the checkpoints the example writes from it, made in another process."""
    return make_example(tmp_path_factory.mktemp("word_language_model"))


def _texts(example: Path) -> list[tuple[str, Path]]:
    return [(name, example / "data" / name) for name in ("train.txt", "valid.txt", "test.txt")]


def test_the_vocabulary_is_the_examples_dictionary(example: Path) -> None:
    expected = Corpus(example / "data").dictionary.idx2word  # the example's own reading
    built = vocab_from_texts(_texts(example))
    assert built == expected
    assert built[:6] == ["the", "cat", "sat", "on", "mat", "<eos>"]
    assert "\r" not in "".join(built)  # test.txt's \r\n ends a line, as the example reads it


@pytest.mark.parametrize("rnn_type", RNN_TYPES)
@pytest.mark.parametrize("tied", ["untied", "tied"])
def test_module_pickles_load_as_their_state_dicts(example: Path, rnn_type: str, tied: str) -> None:
    out = example / "out"
    pickled = read_checkpoint(out / f"{rnn_type}-{tied}.pt")
    saved = torch.load(out / f"{rnn_type}-{tied}.state_dict.pt", weights_only=True)
    assert pickled.form == "module pickle of model.RNNModel"
    assert set(pickled.state_dict) == set(saved)
    for key, tensor in saved.items():
        assert torch.equal(pickled.state_dict[key], tensor), key
    model = load_model(out / f"{rnn_type}-{tied}.pt", vocab_from_texts(_texts(example)))
    assert model.spec.cell == CELLS[rnn_type]  # rnn_relu read from the pickled nn.RNN, not guessed
    assert model.spec.num_layers == 2 and model.spec.hidden_size == 6
    assert model.weights_form == "module pickle of model.RNNModel"
    if tied == "tied":
        assert torch.equal(model.state_dict["decoder.weight"], model.state_dict["encoder.weight"])
    # the bare state_dict of an RNN_RELU model cannot say relu: it is read as tanh unless stated
    bare = load_model(out / f"{rnn_type}-{tied}.state_dict.pt", vocab_from_texts(_texts(example)))
    assert bare.spec.cell == CELLS[rnn_type].replace("relu", "tanh")


def test_a_config_that_contradicts_the_pickle_is_an_error(example: Path) -> None:
    with pytest.raises(ModelFormatError, match="cell is 'rnn_tanh' but the module pickle"):
        load_model(
            example / "out" / "RNN_RELU-untied.pt", vocab_from_texts(_texts(example)), {"cell": "rnn_tanh"}
        )


def test_training_loop_and_lightning_checkpoints(tmp_path: Path) -> None:
    model = RNNModel("GRU", 8, 4, 4, 1, dropout=0.0)
    state = model.state_dict()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    files = {
        "loop.pt": (
            {"epoch": 3, "model_state_dict": state, "optimizer_state_dict": optimizer.state_dict()},
            "under 'model_state_dict'",
        ),
        "net.pt": ({"net": state, "best_loss": 4.5}, "under 'net'"),
        "whole.pt": ({"model": model, "epoch": 1}, "of tests.word_language_model.RNNModel"),
        "parallel.pt": ({f"module.{k}": v for k, v in state.items()}, "state_dict"),
        "lightning.ckpt": (
            {
                "state_dict": {
                    **{f"model.{k}": v for k, v in state.items()},
                    "loss_fn.weight": torch.ones(8),
                },
                "pytorch-lightning_version": "2.4.0",
                "hyper_parameters": {"lr": 0.1, "layers": [1, 2]},
                "optimizer_states": [optimizer.state_dict()],
            },
            "Lightning checkpoint",
        ),
    }
    for name, (content, form) in files.items():
        torch.save(content, tmp_path / name)
        read = read_checkpoint(tmp_path / name)
        assert form in read.form, name
        assert set(read.state_dict) == set(state), name
        assert all(torch.equal(read.state_dict[k], v) for k, v in state.items()), name
    legacy = tmp_path / "legacy.pt"
    torch.save(state, legacy, _use_new_zipfile_serialization=False)  # torch's pre-1.6 format
    assert set(read_checkpoint(legacy).state_dict) == set(state)


def test_vocab_json_is_read_by_id(tmp_path: Path) -> None:
    path = tmp_path / "vocab.json"
    path.write_text(json.dumps({"b": 1, "<eos>": 2, "a": 0}))
    assert read_vocab(path) == ["a", "b", "<eos>"]
    for mapping, words in [
        ({"a": 0, "b": 2}, "1 is missing"),
        ({"a": 0, "b": 0}, "id 0 to both"),
        ({"a": "0"}, "ids are integers"),
        ({"a": 0, "": 1}, "is empty"),
    ]:
        path.write_text(json.dumps(mapping))
        with pytest.raises(ModelFormatError, match=words):
            read_vocab(path)
    path.write_text("{\n}\nx\n")  # a vocab.txt whose first token starts with a brace
    assert read_vocab(path) == ["{", "}", "x"]


def test_vocabulary_from_text_refuses_in_words(tmp_path: Path) -> None:
    text = tmp_path / "train.txt"
    text.write_bytes(b"fine words\nbad \xff byte\n")
    with pytest.raises(ModelFormatError, match="train.txt is not UTF-8 text \\(line 2\\)"):
        vocab_from_texts([("train.txt", text)])
    text.write_text("a b c d e\n")
    with pytest.raises(ModelFormatError, match="more than 3 distinct words"):
        vocab_from_texts([("train.txt", text)], max_tokens=3)


# -- files that would run code: refused in words, nothing runs ----------------------------------


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ModelFormatError) as caught:
        read_checkpoint(path)
    message = str(caught.value)
    assert "\x1b" not in message and "\n" not in message, message  # plain text, one line
    for word in words:
        assert word in message, message
    return message


def test_the_transformer_model_is_refused_in_words(example: Path) -> None:
    _refused(example / "out" / "transformer.pt", "Transformer", "recurrent networks")


def test_hostile_classes_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module pickle whose class defines __setstate__ or __getattr__ with side effects loads (its
    class is stood in for, its code never imported); one whose __reduce__ names os.system, eval or
    torch.load, or pickle.loads (a nested pickle), is refused. A plain torch.load would run them all."""
    marker = tmp_path / "ran"
    monkeypatch.setenv(hostile_classes.MARKER_VARIABLE, str(marker))
    loaded = [hostile_classes.SetsState, hostile_classes.GetsAttributes]
    for cls in loaded:
        torch.save(cls(), tmp_path / f"{cls.__name__}.pt")
    marker.unlink(missing_ok=True)
    for cls in loaded:
        assert set(read_checkpoint(tmp_path / f"{cls.__name__}.pt").state_dict) >= {"encoder.weight"}
    refused = {
        "system": ("posix.system", hostile_classes.RunsShell),
        "eval": ("builtins.eval", hostile_classes.Evaluates),
        "torch_load": ("torch.serialization.load", hostile_classes.LoadsAgain),
        "nested": ("pickle.loads", hostile_classes.NestedPickle),
        "conv": ("torch.nn.modules.conv.Conv1d", hostile_classes.OutsideTheAllowlist),
    }
    for name, (global_name, cls) in refused.items():
        torch.save(cls(), tmp_path / f"{name}.pt")
        _refused(tmp_path / f"{name}.pt", global_name, "torch.save(model.state_dict(), f)")
    assert not marker.exists()
    # the same files with torch.load(weights_only=False) would have run: the test can fail
    torch.load(tmp_path / "SetsState.pt", weights_only=False)
    assert marker.exists()


def test_archives_and_pickles_torch_save_never_writes_are_refused(tmp_path: Path, example: Path) -> None:
    good = example / "out" / "LSTM-untied.pt"
    second = tmp_path / "second.pt"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(second, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("LSTM-untied/extra.pkl", pickle.dumps({"a": 1}))
    _refused(second, "holds pickles", "exactly one")
    plain = tmp_path / "plain.pkl"
    plain.write_bytes(pickle.dumps({"encoder.weight": [1.0]}, protocol=2))
    _refused(plain, "plain Python pickle")
    protocol4 = tmp_path / "p4.pt"
    torch.save(RNNModel("LSTM", 8, 4, 4, 1), protocol4, pickle_protocol=4)
    _refused(protocol4, "STACK_GLOBAL", "torch.save")
    scripted = tmp_path / "scripted.pt"
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), scripted)
    _refused(scripted, "TorchScript")
    old_module = tmp_path / "old.pt"
    torch.save(RNNModel("GRU", 8, 4, 4, 1), old_module, _use_new_zipfile_serialization=False)
    _refused(old_module, "pre-1.6 format", "source code")


def test_a_stand_in_called_with_arguments_is_refused(tmp_path: Path) -> None:
    """A pickle may call a class (REDUCE) instead of rebuilding it: a stand-in takes no arguments."""
    stream = io.BytesIO()
    stream.write(b"\x80\x02ctests.word_language_model\nRNNModel\nX\x04\x00\x00\x00LSTM\x85R.")
    path = tmp_path / "call.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("call/data.pkl", stream.getvalue())
        archive.writestr("call/version", "3\n")
        archive.writestr("call/byteorder", "little")
    _refused(path, "weights refused")
