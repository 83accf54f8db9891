"""What every job runner shares: start, run and finish a job (errors become words for its user), and
read a job's stored inputs by id."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.exc import NoResultFound, SQLAlchemyError
from sqlalchemy.orm import Session

from services.database.tables import Corpus, Model
from services.errors import Cancelled, UserError, report_internal_error
from services.jobs.tracking import JobReporter
from services.models import LoadedModel, load_model
from services.models.modern import is_modern
from services.recording import RecordingOptions
from services.settings import Settings
from services.storage.artifacts import ChecksumMismatch, DiskFull, artifact_store, disk_full, disk_full_words
from services.storage.objects import StoreUnavailable

log = logging.getLogger(__name__)
# conditions a job reports in their own words without a traceback: the user's input, and the
# server's stored files or object store failing in a way the words explain
IN_WORDS = (UserError, ChecksumMismatch, StoreUnavailable)
TimeLimitErrors = tuple[type[BaseException], ...]
Row = TypeVar("Row")


def database_reason(exc: SQLAlchemyError) -> str:
    """The driver's first line (e.g. 'integer out of range'), without the statement or parameters."""
    orig = getattr(exc, "orig", None)
    return str(orig).splitlines()[0] if orig is not None and str(orig) else type(exc).__name__


def failure_words(exc: Exception, context: str) -> str:
    """What a failed job tells its user. A condition with a name (bad input, a record deleted
    meanwhile, a full disk, no memory) in its words; a bug as an internal error with an id, logged
    with its traceback under the same id (context: which job, for the log)."""
    words = named_failure(exc)
    if words is not None:
        if not isinstance(exc, UserError):
            log.warning("%s: %s", context, words)
        return words
    words = report_internal_error(log, context, exc)
    if isinstance(exc, SQLAlchemyError):  # our statements should not be refused: a bug too
        words = f"the database refused the job's results ({database_reason(exc)}); {words}"
    return words


def named_failure(exc: Exception) -> str | None:
    """The words of a failure that is a condition with a name; None for a bug."""
    if isinstance(exc, NoResultFound):
        return "a record the job reads was deleted while it ran"
    if disk_full(exc):
        if isinstance(exc, DiskFull):
            return str(exc)
        name = Path(str(getattr(exc, "filename", None) or "its files")).name
        return disk_full_words(f"writing {name}")
    if isinstance(exc, MemoryError):
        return "the worker ran out of memory; try a smaller max_tokens, top_words or batch"
    if isinstance(exc, IN_WORDS):
        return str(exc)
    return None


def run_job(
    settings: Settings,
    job_id: int,
    work: Callable[[JobReporter], None],
    timed_out: TimeLimitErrors = (),
    take_over: bool = False,
) -> str:
    """Start, run and finish one job; returns its final status. Errors become words for its user.

    timed_out: the exceptions the job's queue raises in it when it runs past its time limit.
    take_over: the job is already running (a sharded recording's merge): keep its heartbeat, no start."""
    reporter = JobReporter(
        database(settings),
        job_id,
        settings.progress_interval_s,
        settings.job_heartbeat_s,
        settings.job_stale_after_s,
    )
    if take_over:
        reporter.keep_alive()
    elif not reporter.start():
        return "skipped"
    try:
        work(reporter)
    except timed_out:
        limit = settings.job_time_limit_s
        reporter.fail(
            f"the job ran past its time limit of {limit:,} s (RNNVIS_JOB_TIME_LIMIT_S) and was stopped"
        )
        return "failed"
    except Cancelled:
        reporter.cancelled()
        return "cancelled"
    except Exception as exc:
        if reporter.stop_requested_now():  # cancelled, or its record deleted: what broke was its input going
            reporter.cancelled()
            return "cancelled"
        reporter.fail(failure_words(exc, f"job {job_id} failed"))
        return "failed"
    finally:
        reporter.stop_heartbeat()
    return "succeeded"


def database(settings: Settings) -> str:
    if settings.database_url is None:
        raise RuntimeError("DATABASE_URL is not set")
    return settings.database_url


def job_record(session: Session, table: type[Row], job_id: int) -> Row:
    """The record a job makes (a recording, a co-clustering, ...: its row names the job), which
    holds the job's inputs; NoResultFound when it was deleted."""
    return session.execute(select(table).where(cast(Any, table).job_id == job_id)).scalar_one()


def load_stored_model(settings: Settings, model: Model) -> LoadedModel:
    paths = artifact_store(settings).verified("models", model.id, model.files)
    if is_modern(model.cell):  # a save_pretrained folder, its files under their own names
        from services.models.modern.folder import read_folder  # torch and transformers

        return read_folder({str(model.files[role]["file"]): path for role, path in paths.items()})
    return load_model(paths["weights"], paths["vocab"], dict(model.config))


def corpus_path(settings: Settings, corpus: Corpus) -> Path:
    return artifact_store(settings).verified("corpora", corpus.id, corpus.files)["corpus"]


def recording_options(stored: dict[str, Any]) -> tuple[RecordingOptions, int | None]:
    """A recording's stored options as the engine takes them, and the shards it asked for (None:
    automatic)."""
    options = {k: v for k, v in stored.items() if k != "shards"}
    return RecordingOptions(**options), stored.get("shards")
