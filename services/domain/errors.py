"""What a use case can refuse, in words for the user. The API maps each class to one HTTP status
(api/errors.py); the command line and the workers print the words."""

from __future__ import annotations

from services.errors import UserError


class DomainError(UserError):
    """A refusal whose message is meant for the user as it stands."""


class NotFound(DomainError):
    """No such record, or another user's (the two are never told apart)."""


class Forbidden(DomainError):
    """An administrator's action, or one the caller's project role does not allow (SPEC 12)."""


class NotFinished(DomainError):
    """The record's job has not (or not successfully) finished: no results to read yet."""


class Conflict(DomainError):
    """Not possible in the record's state: finished already, a name taken."""


class Invalid(DomainError):
    """Bad input; the message names the problem."""


class TooLarge(DomainError):
    """Above a size limit: upload bytes, stored bytes, corpus tokens, text length."""


class TooManyJobs(DomainError):
    """Too many of the user's jobs are queued or running."""


class NotSignedIn(DomainError):
    """A wrong user name or password (the two are never told apart)."""


class TooManyAttempts(DomainError):
    """Too many sign-ins from one client, or at once: the next waits retry_after_s (Retry-After)."""

    def __init__(self, message: str, retry_after_s: int | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Full(DomainError):
    """The server's disk is full: what was being written is removed, nothing kept."""


class Unavailable(DomainError):
    """The job queue or the workers cannot be reached; try again."""
