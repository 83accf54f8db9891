"""How the API answers what a route raises (api/errors.py): the user's mistake in its own words with
the status of its kind, a bug as a 500 with an error id whose log line has the traceback."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import add_error_handlers
from services.domain.errors import NotFound, TooManyAttempts
from services.errors import InternalError, UserError, internal_error_words
from services.recording.channels import UnknownChannel


def _app() -> FastAPI:
    app = FastAPI()
    add_error_handlers(app)
    raised: dict[str, Exception] = {
        "bug": KeyError("n_clusters"),
        "worker-bug": InternalError(internal_error_words("0123abcd")),
        "engine": UnknownChannel("no layer 3 state 'h' in this recording"),
        "domain": NotFound("model 7 not found"),
        "throttled": TooManyAttempts("too many sign-ins", retry_after_s=30),
        "user": UserError("segment_length must be at least 1"),
    }

    @app.get("/{what}")
    def fail(what: str) -> None:
        raise raised[what]

    return app


def test_a_users_mistake_is_answered_in_its_words() -> None:
    client = TestClient(_app(), raise_server_exceptions=False)
    assert client.get("/engine").json() == {"detail": "no layer 3 state 'h' in this recording"}
    assert client.get("/engine").status_code == 422
    assert (client.get("/domain").status_code, client.get("/domain").json()["detail"]) == (
        404,
        "model 7 not found",
    )
    throttled = client.get("/throttled")
    assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "30")
    assert client.get("/user").status_code == 422


def test_a_bug_is_a_500_with_the_id_of_its_logged_traceback(caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(_app(), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        answer = client.get("/bug")
    assert answer.status_code == 500
    found = re.fullmatch(
        r"internal error ([0-9a-f]{8}): the server's log has the details under this id",
        answer.json()["detail"],
    )
    assert found is not None, answer.json()  # never the bare key name
    (record,) = [r for r in caplog.records if r.name == "api.errors" and found.group(1) in r.getMessage()]
    assert "GET /bug failed" in record.getMessage() and record.exc_info is not None
    # a worker's bug, logged there: passed on with the worker's id
    passed_on = client.get("/worker-bug")
    assert (passed_on.status_code, passed_on.json()["detail"]) == (500, internal_error_words("0123abcd"))
