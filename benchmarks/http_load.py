"""A lean HTTP/1.1 keep-alive load generator on asyncio streams.

httpx's AsyncClient spends more CPU per request than the server under test does, and this machine
has 2 cores: measured with it, the generator, not the server, sets the latency. Raw streams cost
a few microseconds per request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class Connection:
    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.extra}\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
        body = await self.reader.readexactly(length)
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def run_clients(
    host: str,
    port: int,
    headers: dict[str, str],
    clients: int,
    seconds: float,
    next_path: Callable[[int, int], str],
) -> tuple[list[float], int]:
    """Closed loop: each client sends its next request as soon as the last answer is read.

    next_path(client, turn) -> the path of that client's next request. Returns (latencies s, errors).
    """
    latencies: list[float] = []
    errors = 0
    until = time.perf_counter() + seconds

    async def client(i: int) -> None:
        nonlocal errors
        connection = Connection(host, port, headers)
        turn = 0
        try:
            while time.perf_counter() < until:
                path = next_path(i, turn)
                started = time.perf_counter()
                status, _ = await connection.get(path)
                latencies.append(time.perf_counter() - started)
                errors += status != 200
                turn += 1
        finally:
            connection.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, errors
