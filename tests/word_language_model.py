"""PyTorch's `word_language_model` example as its users run it, written here from its documented
behaviour (model.py's RNNModel and TransformerModel, data.py's Dictionary and Corpus, main.py's
`torch.save(model, f)`), to make checkpoints exactly as that example makes them.

`write_checkpoints` runs in a separate Python process with this file copied in as `model.py`, as on
the user's machine: the pickles then name `model.RNNModel`, a module the test process (and the
server) cannot import.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import torch
from torch import nn

RNN_TYPES = ("LSTM", "GRU", "RNN_TANH", "RNN_RELU")


class RNNModel(nn.Module):
    """Container module with an encoder, a recurrent module, and a decoder (the example's model.py)."""

    def __init__(
        self,
        rnn_type: str,
        ntoken: int,
        ninp: int,
        nhid: int,
        nlayers: int,
        dropout: float = 0.5,
        tie_weights: bool = False,
    ) -> None:
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ["LSTM", "GRU"]:
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        else:
            nonlinearity = {"RNN_TANH": "tanh", "RNN_RELU": "relu"}[rnn_type]
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity=nonlinearity, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            self.decoder.weight = self.encoder.weight
        self.init_weights()
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def init_weights(self) -> None:
        nn.init.uniform_(self.encoder.weight, -0.1, 0.1)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -0.1, 0.1)

    def forward(self, input: torch.Tensor, hidden: object) -> tuple[torch.Tensor, object]:
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        decoded = self.decoder(self.drop(output)).view(-1, self.ntoken)
        return torch.log_softmax(decoded, dim=1), hidden


class PositionalEncoding(nn.Module):
    def __init__(self, d_model: int, dropout: float = 0.1, max_len: int = 64) -> None:
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        self.register_buffer("pe", torch.zeros(max_len, 1, d_model))


class TransformerModel(nn.Transformer):
    """The example's other model: refused, in words."""

    def __init__(self, ntoken: int, ninp: int, nhead: int, nhid: int, nlayers: int) -> None:
        super().__init__(d_model=ninp, nhead=nhead, dim_feedforward=nhid, num_encoder_layers=nlayers)
        self.model_type = "Transformer"
        self.pos_encoder = PositionalEncoding(ninp)
        self.input_emb = nn.Embedding(ntoken, ninp)
        self.decoder = nn.Linear(ninp, ntoken)


class Dictionary:
    def __init__(self) -> None:
        self.word2idx: dict[str, int] = {}
        self.idx2word: list[str] = []

    def add_word(self, word: str) -> int:
        if word not in self.word2idx:
            self.idx2word.append(word)
            self.word2idx[word] = len(self.idx2word) - 1
        return self.word2idx[word]


class Corpus:
    """data.py: the dictionary grows over train.txt, valid.txt, test.txt, in that order."""

    def __init__(self, path: str | Path) -> None:
        self.dictionary = Dictionary()
        for name in ("train.txt", "valid.txt", "test.txt"):
            self.tokenize(os.path.join(path, name))

    def tokenize(self, path: str) -> None:
        assert os.path.exists(path)
        with open(path, encoding="utf8") as f:
            for line in f:
                for word in line.split() + ["<eos>"]:
                    self.dictionary.add_word(word)


def write_checkpoints(data: Path, folder: Path, emsize: int = 6, nhid: int = 6, nlayers: int = 2) -> None:
    """For every cell type, tied and untied: `{rnn_type}-{tied|untied}.pt` as main.py saves it
    (the whole module) and `.state_dict.pt` (its state_dict); plus `transformer.pt`. Run in a fresh
    process, from a copy of this file named model.py."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.py").write_text(Path(__file__).read_text())
    script = (
        "import sys, torch; from pathlib import Path; import model\n"
        "data, out = sys.argv[1], Path(sys.argv[2])\n"
        "corpus = model.Corpus(data); ntokens = len(corpus.dictionary.idx2word)\n"
        f"for rnn_type in {RNN_TYPES!r}:\n"
        "    for tied in (False, True):\n"
        "        torch.manual_seed(len(rnn_type) + tied)\n"
        f"        m = model.RNNModel(rnn_type, ntokens, {emsize}, {nhid}, {nlayers}, 0.2, tied)\n"
        "        for p in m.parameters():\n"
        "            torch.nn.init.uniform_(p, -0.5, 0.5)\n"
        "        name = f\"{rnn_type}-{'tied' if tied else 'untied'}\"\n"
        "        with open(out / f'{name}.pt', 'wb') as f:\n"
        "            torch.save(m, f)\n"
        "        torch.save(m.state_dict(), out / f'{name}.state_dict.pt')\n"
        "torch.save(model.TransformerModel(ntokens, 8, 2, 16, 1), out / 'transformer.pt')\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(data), str(folder)],
        cwd=folder,
        check=True,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )


def make_example(root: Path) -> Path:
    """root/data (write_data) and root/out (write_checkpoints): the example's folder after its runs."""
    write_data(root / "data")
    write_checkpoints(root / "data", root / "out")
    return root


def write_data(folder: Path) -> Path:
    """A data folder as the example reads it: train.txt, valid.txt, test.txt (PTB-like: <unk>, N)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "train.txt": " the cat sat on the mat \n the dog sat on the log \n a cat and a dog <unk> N \n",
        "valid.txt": " the bird sat on the cat \n\n a mat and a log N N \n",
        "test.txt": " the fish swam \r\n a dog swam \n",
    }
    for name, text in texts.items():
        (folder / name).write_bytes(text.encode())
    return folder


def main() -> None:
    """`python -m tests.word_language_model DATA --model LSTM --emsize 200 --nhid 200 --tied --save
    model.pt`: the model main.py would build from DATA, saved as main.py saves it (untrained), from a
    copy of this file named model.py so that the pickle names model.RNNModel as the example's does."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--model", default="LSTM", choices=[*RNN_TYPES, "Transformer"])
    parser.add_argument("--emsize", type=int, default=200)
    parser.add_argument("--nhid", type=int, default=200)
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--nhead", type=int, default=2)
    parser.add_argument("--tied", action="store_true")
    parser.add_argument("--save", type=Path, default=Path("model.pt"))
    args = parser.parse_args()
    build = (
        f"model.TransformerModel(ntokens, {args.emsize}, {args.nhead}, {args.nhid}, {args.nlayers})"
        if args.model == "Transformer"
        else f"model.RNNModel({args.model!r}, ntokens, {args.emsize}, {args.nhid}, {args.nlayers}, 0.2, "
        f"{args.tied})"
    )
    script = (
        "import sys, torch; import model\n"
        "ntokens = len(model.Corpus(sys.argv[1]).dictionary.idx2word)\n"
        f"with open(sys.argv[2], 'wb') as f:\n    torch.save({build}, f)\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "model.py").write_text(Path(__file__).read_text())
        subprocess.run(
            [sys.executable, "-c", script, str(args.data.resolve()), str(args.save.resolve())],
            cwd=folder,
            check=True,
            env={**os.environ, "PYTHONPATH": folder},
        )
    print(f"saved {args.save}")


if __name__ == "__main__":
    main()
