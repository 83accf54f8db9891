"""The two exceptions every layer shares: the user's mistake, and work stopped on request.

Anything else an engine function or a use case raises is a bug (or the machine failing): the API
and the workers log it with its traceback and an error id, and the user reads "internal error"
with that id. So raise UserError (or a subclass) only with words the user can act on, and never
catch ValueError or KeyError as "the user's input".
"""

from __future__ import annotations

import logging
import secrets


class UserError(ValueError):
    """Input the user can fix; its message is shown to them as it stands.

    A ValueError too, so that a pydantic validator calling the engine reports it as a 422."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else type(self).__name__


class Cancelled(Exception):
    """Work stopped because its job was cancelled (or its record deleted) while it ran."""


class InternalError(Exception):
    """A bug already logged with its traceback elsewhere (a worker, for the API process that waited
    for its answer); the message is internal_error_words, with the id the log line carries."""


def internal_error_words(error_id: str) -> str:
    """What a user reads for a bug: the id they can quote, the same as on the log line."""
    return f"internal error {error_id}: the server's log has the details under this id"


internal_errors = 0  # bugs this process reported (GET /healthz shows the API process's count)


def report_internal_error(log: logging.Logger, context: str, exc: BaseException) -> str:
    """Log a bug with its traceback under a new error id and count it; returns the user's words."""
    global internal_errors
    internal_errors += 1
    error_id = secrets.token_hex(4)
    log.error("internal error %s: %s", error_id, context, exc_info=exc)
    return internal_error_words(error_id)
