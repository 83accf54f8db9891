"""A running `rnnvis serve` stack (embedded PostgreSQL and Redis) and a user token, for benchmarks."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch

from runtime.stack import Stack, free_port
from services.models import ModelSpec, RNNModel, network_state_dict, save_model
from services.settings import Settings


@contextmanager
def running_stack(**settings: object) -> Iterator[tuple[Stack, str]]:
    """(stack, token) for a fresh data folder; everything stops on exit."""
    from cli.demo import demo_token

    with tempfile.TemporaryDirectory(prefix="rnnvis-bench-") as folder:
        for key in ("DATABASE_URL", "REDIS_URL"):
            os.environ.pop(key, None)
        stack = Stack(Settings(data_dir=Path(folder), **settings), port=free_port())  # type: ignore[arg-type]
        try:
            stack.start()
            stack.wait_ready()
            yield stack, demo_token(stack.database_url)
        finally:
            stack.stop()


def random_lstm(folder: Path, vocab: list[str], layers: int, hidden: int, embedding: int) -> Path:
    """An LSTM language model with random weights (seed 0) saved in folder, for benchmarks about the
    service rather than what a model learned."""
    spec = ModelSpec(
        cell="lstm",
        num_layers=layers,
        hidden_size=hidden,
        embedding_size=embedding,
        vocab_size=len(vocab),
        task="language_model",
    )
    torch.manual_seed(0)
    return save_model(folder, spec, vocab, network_state_dict(RNNModel(spec)))
