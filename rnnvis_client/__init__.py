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
    from rnnvis_client.widgets import CoclusterWidget, SentenceWidget, TimelineWidget, UnitWidget

# The client and its results bring pandas and the schema's models (about 0.4 s): imported when first
# used, so that a command that needs only the errors (the CLI's users, serve, train) starts faster.
_MODULE_OF = {"Client": "client"} | {
    name: "results"
    for name in ("Alignment", "Coclusters", "Evaluation", "Matrix", "RecordingStatistics", "WordResponse")
}
# the notebook widgets need anywidget: `pip install rnnvis-client[notebook]`
_WIDGETS = ("CoclusterWidget", "SentenceWidget", "TimelineWidget", "UnitWidget")


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        return getattr(import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    if name in _WIDGETS:
        try:
            widgets = import_module(f"{__name__}.widgets")
        except ModuleNotFoundError as exc:
            raise ImportError(
                f"{name} needs the notebook extra ({exc.name} is not installed): "
                "pip install 'rnnvis-client[notebook]'"
            ) from exc
        return getattr(widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Alignment",
    "ApiError",
    "BadRequest",
    "Client",
    "CoclusterWidget",
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
    "SentenceWidget",
    "ServerError",
    "TooLarge",
    "TimelineWidget",
    "TooManyJobs",
    "Unauthorized",
    "Unavailable",
    "UnitWidget",
    "WaitTimeout",
    "WordResponse",
]
