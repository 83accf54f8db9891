"""A bug is never dressed as bad input: a KeyError planted in an engine function reaches the user as
"internal error <id>", the log has its traceback under the same id, and a genuinely bad input still
reads as the user's mistake, in its own words and without a traceback."""

from __future__ import annotations

import logging
import re

import numpy as np
import pytest
from sqlalchemy.orm import Session

from services.clustering import trust
from services.database.tables import Job
from services.errors import UserError
from services.jobs import interactive
from services.jobs.running import run_job
from services.settings import Settings
from tests.domain.conftest import QueuedJobs, queued_recording, user

INTERNAL = re.compile(r"internal error ([0-9a-f]{8}): the server's log has the details under this id")


def planted_bug(*args: object, **kwargs: object) -> object:
    return {}["n_clusters"]  # a KeyError, as a misspelt key in the engine would raise


def logged_with_traceback(caplog: pytest.LogCaptureFixture, error_id: str) -> logging.LogRecord:
    (record,) = [r for r in caplog.records if error_id in r.getMessage()]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "KeyError" in caplog.text and "planted_bug" in caplog.text  # the traceback, to the line
    return record


def test_a_bug_in_a_job_is_an_internal_error_with_an_id(
    db: Session,
    settings: Settings,
    workers: QueuedJobs,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(trust, "scan", planted_bug)
    job = queued_recording(db, user(db, "alice"), settings, workers)
    with caplog.at_level(logging.INFO):
        status = run_job(settings, job.id, lambda reporter: trust.scan(_matrix(), "abs"))
    assert status == "failed"
    db.expire_all()
    error = db.get_one(Job, job.id).error or ""
    found = INTERNAL.fullmatch(error)
    assert found is not None, error  # never the bare key name 'n_clusters'
    record = logged_with_traceback(caplog, found.group(1))
    assert f"job {job.id} failed" in record.getMessage()


def test_bad_input_in_a_job_is_the_users_mistake(
    db: Session, settings: Settings, workers: QueuedJobs, caplog: pytest.LogCaptureFixture
) -> None:
    job = queued_recording(db, user(db, "alice"), settings, workers)
    with caplog.at_level(logging.INFO):
        # the engine's own refusal of a range that fits no matrix (services.clustering.trust)
        status = run_job(settings, job.id, lambda reporter: trust.scan(_matrix(), "abs", k_min=9, k_max=12))
    assert status == "failed"
    db.expire_all()
    assert db.get_one(Job, job.id).error == "no k in 9..12 fits 3 words x 4 units"
    assert not [r for r in caplog.records if r.exc_info]  # nothing for the log: the user can fix it


def test_a_bug_in_an_interactive_answer_is_an_internal_error_with_an_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer = interactive.answer("evaluate", lambda: planted_bug())  # type: ignore[arg-type, return-value]
    assert set(answer) == {"internal_error"}
    found = INTERNAL.fullmatch(answer["internal_error"])
    assert found is not None, answer
    assert "the evaluate task failed" in logged_with_traceback(caplog, found.group(1)).getMessage()

    def refused() -> dict[str, object]:
        raise UserError("the text has no token the model knows")

    assert interactive.answer("evaluate", refused) == {"refused": "the text has no token the model knows"}


def _matrix() -> np.ndarray:
    return np.arange(12, dtype=np.float64).reshape(3, 4) + 1
