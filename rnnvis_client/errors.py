"""What the client raises: one exception class per kind of answer, each carrying the server's words."""

from __future__ import annotations

from typing import Any

import httpx


class RNNVisError(Exception):
    """Anything the client raises on purpose."""


class InvalidArgument(RNNVisError, ValueError):
    """An argument of a client call is wrong (found before anything is sent); the message says which."""


class UnknownChannel(InvalidArgument, KeyError):
    """No layer and state of that name in these results (a KeyError too, as a lookup by name)."""

    def __str__(self) -> str:  # KeyError's would quote the message
        return str(self.args[0])


class ApiError(RNNVisError):
    """The server answered with an error status; `detail` is its explanation."""

    def __init__(self, status_code: int, detail: Any, method: str = "", path: str = "") -> None:
        self.status_code, self.detail, self.method, self.path = status_code, detail, method, path
        super().__init__(f"{status_code} on {method} {path}: {describe(detail)}".replace("  ", " "))


class BadRequest(ApiError):
    """400 or 422: the request itself is wrong (a field, a file, a word); the detail says what."""


class Unauthorized(ApiError):
    """401: no token, or an unknown, revoked or expired one (set RNNVIS_TOKEN)."""


class Forbidden(ApiError):
    """403: an administrator's route, or something your role in a project does not allow (SPEC 12)."""


class NotFound(ApiError):
    """404: no such record, or another user's."""


class Conflict(ApiError):
    """409: not possible in the record's state (not finished yet, a name taken)."""


class TooLarge(ApiError):
    """413: above a limit (upload size, corpus tokens, text length)."""


class TooManyJobs(ApiError):
    """429: too many of your jobs are queued or running; wait for some to finish."""


class Unavailable(ApiError):
    """503: the database, the queue or the workers cannot be reached; try again."""


class ServerError(ApiError):
    """Another 5xx: a bug in the server; its log has the traceback."""


class ConnectionFailed(RNNVisError):
    """The server could not be reached at all (wrong RNNVIS_URL, not started, network)."""


class JobError(RNNVisError):
    """A job the client waited for did not succeed; `job` is its last state."""

    def __init__(self, job: Any) -> None:
        self.job = job
        reason = job.error or job.message or "no reason given"
        super().__init__(f"job {job.id} ({job.kind}) {job.status}: {reason}")


class JobFailed(JobError):
    """The job ended with status failed."""


class JobCancelled(JobError):
    """The job was cancelled."""


class WaitTimeout(RNNVisError, TimeoutError):
    """A wait ran past its timeout; the job goes on."""


BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: TooLarge,
    422: BadRequest,
    429: TooManyJobs,
    503: Unavailable,
}


def describe(detail: Any) -> str:
    """FastAPI's detail in one line: a text as is, a list of field errors as 'where: what; ...'."""
    if isinstance(detail, list):
        parts = []
        for error in detail:
            if isinstance(error, dict):
                where = ".".join(str(p) for p in error.get("loc", []) if p != "body")
                parts.append(f"{where}: {error.get('msg', error)}" if where else str(error.get("msg", error)))
            else:
                parts.append(str(error))
        return "; ".join(parts)
    return str(detail)


def raise_for_answer(response: httpx.Response) -> None:
    """Raise the matching ApiError for a 4xx or 5xx answer."""
    if response.status_code < 400:
        return
    try:
        body = response.json()
        detail = body.get("detail", body) if isinstance(body, dict) else body
    except ValueError:
        detail = response.text.strip() or response.reason_phrase
    cls = BY_STATUS.get(response.status_code)
    if cls is None:
        cls = ServerError if response.status_code >= 500 else BadRequest
    request = response.request
    raise cls(response.status_code, detail, request.method, request.url.path)
