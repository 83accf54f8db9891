"""What every job runner shares: start, run and finish a job (errors become words for its user), and
read a job's stored inputs by id."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import NoResultFound, SQLAlchemyError

from services.ablation.engine import AblationCancelled
from services.corpora import CorpusFormatError
from services.database.tables import Corpus, Model
from services.jobs.tracking import JobCancelled, JobReporter
from services.models import LoadedModel, ModelFormatError, load_model
from services.recording import RecordingCancelled, RecordingOptions
from services.settings import Settings
from services.storage.artifacts import ChecksumMismatch, DiskFull, artifact_store, disk_full, disk_full_words
from services.storage.objects import StoreUnavailable
from services.training import TrainingCancelled

log = logging.getLogger(__name__)
# refusals in words for the user (UnknownChannel and the domain errors are among them)
USER_ERRORS = (ModelFormatError, CorpusFormatError, ChecksumMismatch, StoreUnavailable, ValueError, KeyError)
TimeLimitErrors = tuple[type[BaseException], ...]


def database_reason(exc: SQLAlchemyError) -> str:
    """The driver's first line (e.g. 'integer out of range'), without the statement or parameters."""
    orig = getattr(exc, "orig", None)
    return str(orig).splitlines()[0] if orig is not None and str(orig) else type(exc).__name__


def failure_words(exc: Exception) -> str:
    """What a failed job tells its user: a refusal's own words, never an SQL statement."""
    if isinstance(exc, NoResultFound):
        return "a record the job reads was deleted while it ran"
    if isinstance(exc, SQLAlchemyError):
        return f"the database refused the job's results: {database_reason(exc)}"
    if disk_full(exc):
        if isinstance(exc, DiskFull):
            return str(exc)
        name = Path(str(getattr(exc, "filename", None) or "its files")).name
        return disk_full_words(f"writing {name}")
    if isinstance(exc, MemoryError):
        return "the worker ran out of memory; try a smaller max_tokens, top_words or batch"
    if isinstance(exc, USER_ERRORS):
        return str(exc).strip("'\"")
    return f"internal error ({type(exc).__name__}); the server log has the details"


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
    except (JobCancelled, RecordingCancelled, TrainingCancelled, AblationCancelled):
        reporter.cancelled()
        return "cancelled"
    except Exception as exc:
        if reporter.stop_requested_now():  # cancelled, or its record deleted: what broke was its input going
            reporter.cancelled()
            return "cancelled"
        if not isinstance(exc, (*USER_ERRORS, MemoryError)):
            log.exception("job %s failed", job_id)
        reporter.fail(failure_words(exc))
        return "failed"
    finally:
        reporter.stop_heartbeat()
    return "succeeded"


def database(settings: Settings) -> str:
    if settings.database_url is None:
        raise RuntimeError("DATABASE_URL is not set")
    return settings.database_url


def load_stored_model(settings: Settings, model: Model) -> LoadedModel:
    paths = artifact_store(settings).verified("models", model.id, model.files)
    return load_model(paths["weights"], paths["vocab"], dict(model.config))


def corpus_path(settings: Settings, corpus: Corpus) -> Path:
    return artifact_store(settings).verified("corpora", corpus.id, corpus.files)["corpus"]


def recording_options(stored: dict[str, Any]) -> tuple[RecordingOptions, int | None]:
    """A recording's stored options as the engine takes them, and the shards it asked for (None:
    automatic)."""
    options = {k: v for k, v in stored.items() if k != "shards"}
    return RecordingOptions(**options), stored.get("shards")
