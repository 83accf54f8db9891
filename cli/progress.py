"""Progress bars on stderr for long work, silent when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def token_bar(label: str, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A callback (done, total) drawing a bar in tokens."""
    bar = tqdm(
        desc=label,
        unit="tok",
        unit_scale=True,
        disable=quiet,
        leave=True,
        dynamic_ncols=True,
        mininterval=0.5,
    )

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


@contextmanager
def step_bar(label: str, quiet: bool = False) -> Iterator[Callable[[int, int, float], None]]:
    """A callback (steps done, steps in all, loss) drawing a training bar."""
    bar = tqdm(desc=label, unit="step", disable=quiet, leave=True, dynamic_ncols=True, mininterval=0.5)

    def update(done: int, total: int, loss: float) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix(loss=f"{loss:.3f}", refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
