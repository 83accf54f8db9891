"""A progress bar on stderr for a server job followed by polling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def fraction_bar(label: str, quiet: bool = False) -> Iterator[Callable[[float, str], None]]:
    """A callback (fraction done, message) for a server job followed by polling."""
    bar = tqdm(
        desc=label,
        total=100,
        unit="%",
        disable=quiet,
        leave=True,
        dynamic_ncols=True,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}{postfix}",
    )

    def update(fraction: float, message: str) -> None:
        bar.n = round(100 * fraction)
        bar.set_postfix_str(message, refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
