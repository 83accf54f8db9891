"""Token sequences into the network's batches: sorted by length within windows, so that a batch pads
little, and padded into one [batch, steps] tensor with each sequence's length beside it.

The recorder, the ablation and the classifier's training read their sequences this way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

import numpy as np
import torch

WINDOW_BATCHES = 8  # sequences are sorted by length within a window of this many batches

Item = TypeVar("Item")


def windows(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive runs of `size` items in the order given (the last one shorter), read as needed."""
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def longest_first(window: list[Item], batch_size: int, length: Callable[[Item], int]) -> Iterator[list[Item]]:
    """The window's items sorted longest first, cut into batches of batch_size.

    Equal lengths keep the order given (a stable sort), so the batches depend only on the window and
    batch_size: a shard forms the very batches of the whole recording (SPEC 10)."""
    ordered = sorted(window, key=lambda item: -length(item))
    for start in range(0, len(ordered), batch_size):
        yield ordered[start : start + batch_size]


def pad(
    rows: Sequence[np.ndarray | list[int]], fill: int = 0, device: str | torch.device = "cpu"
) -> tuple[torch.Tensor, torch.Tensor]:
    """-> padded [batch, steps] int64 (`fill` past each row's end; steps: the longest row), lengths
    [batch] int64; both on `device`."""
    lengths = torch.tensor([len(row) for row in rows])
    padded = torch.full((len(rows), int(lengths.max())), fill, dtype=torch.int64)
    for b, row in enumerate(rows):
        padded[b, : len(row)] = torch.as_tensor(row)
    return padded.to(device), lengths.to(device)
