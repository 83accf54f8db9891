"""The API's HTTP server for `rnnvis serve`: uvicorn with the limits its httptools protocol lacks.

uvicorn's httptools protocol has no bound on the request line and headers (a 100 MB header was
read whole) and no deadline for them (a client sending a byte every few seconds holds a connection
forever). Here: RNNVIS_MAX_HEADER_BYTES (431 past it) and RNNVIS_HEADER_TIMEOUT_S (408 past it).
Slow bodies are the API's gate's (api/gate.py). Compose puts nginx in front, with the same limits.

    python -m runtime.http_server --host 127.0.0.1 --port 8000 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import logging
import re
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from services.processes import die_with_parent_if_asked
from services.settings import get_settings

LINGER_S = 2.0
# Imported by uvicorn's main process and by each worker process it starts (this module's protocol
# class goes to them): under `rnnvis serve`, each ends when the process that started it ends.
die_with_parent_if_asked()


# a share link's token in a path (/s/{token}, /embed/{token}, /api/v1/shared/{token}/...): a
# read-only credential, never written to a log (SPEC 12)
LINK_TOKEN = re.compile(r"/(s|embed|shared)/[^/?#\s\"]+")


def redact(text: str) -> str:
    return LINK_TOKEN.sub(r"/\1/<token>", text)


class RedactLinkTokens(logging.Filter):
    """On every handler of uvicorn's logs: the access lines and the errors, in each API process."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def log_config() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"link_tokens": {"()": "runtime.http_server.RedactLinkTokens"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["link_tokens"]
    return config


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        settings = get_settings()
        self.max_header_bytes, self.header_timeout_s = settings.max_header_bytes, settings.header_timeout_s
        self.in_headers, self.header_bytes = True, 0
        self.requests_done = 0  # requests read whole on this connection
        self.refused = False
        self.header_timer: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        if self.refused:  # the answer is out; what the client still sends is dropped
            return
        if self.in_headers and self.header_timer is None:
            self.header_timer = self.loop.call_later(self.header_timeout_s, self.headers_too_slow)
        done = self.requests_done
        super().data_received(data)
        if self.in_headers and done == self.requests_done and not self.transport.is_closing():
            # no request ended inside this piece, and the current one's headers are still not complete
            self.header_bytes += len(data)
            if self.header_bytes > self.max_header_bytes:
                self.refuse(431, f"the request line and headers exceed {self.max_header_bytes:,} bytes")

    def on_headers_complete(self) -> None:
        self.in_headers, self.header_bytes = False, 0
        self.cancel_header_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.in_headers, self.header_bytes = True, 0  # the next request starts its own count and timer
        self.requests_done += 1

    def connection_lost(self, exc: Exception | None) -> None:
        self.cancel_header_timer()
        super().connection_lost(exc)

    def cancel_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def headers_too_slow(self) -> None:
        self.header_timer = None
        if self.in_headers and not self.transport.is_closing():
            self.refuse(408, f"the request headers did not arrive within {self.header_timeout_s:.0f} s")

    def refuse(self, status: int, message: str) -> None:
        body = message.encode()
        self.transport.write(
            STATUS_LINE[status]
            + b"content-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
            + b"content-length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        # a close with unread input resets the connection, and the client may lose the answer:
        # end our side, drop what still arrives, and close a moment later
        self.refused = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)


def main() -> None:
    parser = argparse.ArgumentParser(description="the RNNVis API behind uvicorn, with header limits")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        log_config=log_config(),
        http=GuardedHttpToolsProtocol,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: any local process
        # could then pick the client address that sign-ins are throttled by
        proxy_headers=bool(get_settings().trusted_proxies),
        forwarded_allow_ips=get_settings().trusted_proxies or None,
    )


if __name__ == "__main__":
    main()
