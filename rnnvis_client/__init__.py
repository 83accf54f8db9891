"""The Python client of the RNNVis server (and the command line's way to it).

from rnnvis_client import Client
api = Client()  # RNNVIS_URL, RNNVIS_TOKEN
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from rnnvis_client.errors import (
    ApiError,
    BadRequest,
    Conflict,
    ConnectionFailed,
    Forbidden,
    InvalidArgument,
    JobCancelled,
    JobError,
    JobFailed,
    NotFound,
    RNNVisError,
    ServerError,
    TooLarge,
    TooManyJobs,
    Unauthorized,
    Unavailable,
    WaitTimeout,
)

if TYPE_CHECKING:
    from rnnvis_client.client import Client
    from rnnvis_client.results import (
        Alignment,
        Coclusters,
        Evaluation,
        Matrix,
        RecordingStatistics,
        WordResponse,
    )

# The client and its results bring pandas and the schema's models (about 0.4 s): imported when first
# used, so that a command that needs only the errors (the CLI's users, serve, train) starts faster.
_MODULE_OF = {"Client": "client"} | {
    name: "results"
    for name in ("Alignment", "Coclusters", "Evaluation", "Matrix", "RecordingStatistics", "WordResponse")
}


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        return getattr(import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Alignment",
    "ApiError",
    "BadRequest",
    "Client",
    "Coclusters",
    "Conflict",
    "ConnectionFailed",
    "Evaluation",
    "Forbidden",
    "InvalidArgument",
    "JobCancelled",
    "JobError",
    "JobFailed",
    "Matrix",
    "NotFound",
    "RNNVisError",
    "RecordingStatistics",
    "ServerError",
    "TooLarge",
    "TooManyJobs",
    "Unauthorized",
    "Unavailable",
    "WaitTimeout",
    "WordResponse",
]
