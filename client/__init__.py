"""The Python client of the RNNVis server (and the command line's way to it).

from client import Client
api = Client()  # RNNVIS_URL, RNNVIS_TOKEN
"""

from client.client import Client
from client.errors import (
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
from client.results import Alignment, Coclusters, Evaluation, Matrix, RecordingStatistics, WordResponse

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
