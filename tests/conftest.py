"""Shared fixtures: the reference text in ../shared/data and small random models."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from services.models import LoadedModel, ModelSpec, RNNModel, check_model, network_state_dict
from tests.shared_data import SHARED_DATA


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files marked `long` (minutes each) first, in the order collected: the parallel run (make test)
    starts them at once rather than leaving one to run alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "ptb.valid.txt").exists():
        pytest.fail(
            f"reference corpora missing: {SHARED_DATA} (the work area's shared/data, beside this "
            "clone: Penn Treebank and tiny Shakespeare; tests/README.md)"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def ptb_vocab(shared_data: Path) -> list[str]:
    words = set((shared_data / "ptb.valid.txt").read_text().split())
    return sorted(words) + ["<eos>"]


def random_model(
    vocab: list[str],
    cell: str = "lstm",
    layers: int = 2,
    hidden: int = 16,
    embedding: int = 8,
    task: str = "language_model",
    num_classes: int | None = None,
    seed: int = 0,
    scale: float = 1.0,
) -> LoadedModel:
    """A model with random weights (scaled to make the units respond visibly)."""
    spec = ModelSpec(
        cell=cell,
        num_layers=layers,
        hidden_size=hidden,
        embedding_size=embedding,  # type: ignore[arg-type]
        vocab_size=len(vocab),
        task=task,
        num_classes=num_classes,  # type: ignore[arg-type]
    )
    torch.manual_seed(seed)
    network = RNNModel(spec)
    with torch.no_grad():
        for p in network.parameters():
            p.mul_(scale)
    return check_model(network_state_dict(network), vocab, spec.to_config())
