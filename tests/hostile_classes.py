"""Classes whose pickles would run code if a loader imported them or called what they name: every
side effect touches the file named by the environment variable MARKER_VARIABLE, so a test can tell
whether anything ran. Importable from the test process, so a naive torch.load would run them."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import torch
from torch import nn

MARKER_VARIABLE = "RNNVIS_TEST_MARKER"


def _touch() -> None:
    Path(os.environ[MARKER_VARIABLE]).touch()


class _Recurrent(nn.Module):
    """Shaped like the example's RNNModel, so that a loader that stands in for it finds weights."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Embedding(8, 4)
        self.rnn = nn.LSTM(4, 4, 1)
        self.decoder = nn.Linear(4, 8)


class SetsState(_Recurrent):
    def __setstate__(self, state: dict[str, Any]) -> None:
        _touch()
        super().__setstate__(state)


class GetsAttributes(_Recurrent):
    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_"):
            _touch()
        return super().__getattr__(name)


class RunsShell:
    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {os.environ[MARKER_VARIABLE]}",))


class Evaluates:
    def __reduce__(self) -> tuple[Any, ...]:
        return (eval, (f"open({os.environ[MARKER_VARIABLE]!r}, 'w')",))


class LoadsAgain:
    def __reduce__(self) -> tuple[Any, ...]:
        return (torch.load, (os.environ[MARKER_VARIABLE],))


class NestedPickle:
    def __reduce__(self) -> tuple[Any, ...]:
        return (pickle.loads, (pickle.dumps(RunsShell()),))


class OutsideTheAllowlist(_Recurrent):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv1d(4, 4, 1)
