"""Progress bars on stderr: a server job followed by polling, and a file being uploaded."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

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


class CountedFile:
    """A binary file whose reads move a progress bar (httpx reads a multipart upload in chunks)."""

    def __init__(self, handle: IO[bytes], label: str, quiet: bool = False) -> None:
        self.handle = handle
        size = os.fstat(handle.fileno()).st_size
        self.bar = tqdm(
            desc=label, total=size, unit="B", unit_scale=True, disable=quiet, leave=True, dynamic_ncols=True
        )

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.bar.update(len(data))
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self.handle.seek(offset, whence)
        self.bar.n = position  # httpx rewinds before it sends
        return position

    def tell(self) -> int:
        return self.handle.tell()

    def fileno(self) -> int:
        return self.handle.fileno()

    def close(self) -> None:
        self.bar.close()
        self.handle.close()
