"""The work behind each job kind, run by a worker: read inputs by id, report progress, write results.

Each runner is idempotent: run twice for one job (a redelivered task), it writes the same results once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import NoResultFound, SQLAlchemyError

from services.ablation.engine import AblationCancelled, AblationOptions, ablate
from services.clustering.cocluster import Cocluster
from services.clustering.results import cocluster_result
from services.clustering.trust import Fit, fit_once, scan, seeds_of
from services.corpora import CorpusFormatError
from services.database.session import session_scope
from services.database.tables import (
    Ablation,
    Coclustering,
    CoclusteringScan,
    Corpus,
    Model,
    Recording,
    Training,
    model_columns,
)
from services.jobs.tracking import JobCancelled, JobReporter, succeed
from services.models import LoadedModel, ModelFormatError, load_model, save_model
from services.recording import RecordingCancelled, RecordingOptions, record
from services.settings import Settings
from services.storage.artifacts import ChecksumMismatch, artifact_store, checksum
from services.storage.objects import StoreUnavailable
from services.storage.statistics import coclustering_matrix, save_statistics
from services.training import TrainingCancelled, TrainingOptions, train

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
    if isinstance(exc, MemoryError):
        return "the worker ran out of memory; try a smaller max_tokens, top_words or batch"
    if isinstance(exc, USER_ERRORS):
        return str(exc).strip("'\"")
    return f"internal error ({type(exc).__name__}); the server log has the details"


SCAN_THREADS = 2  # a scan's fits run on two threads (BLAS and k-means release the GIL)


def run_job(
    settings: Settings, job_id: int, work: Callable[[JobReporter], None], timed_out: TimeLimitErrors = ()
) -> str:
    """Start, run and finish one job; returns its final status. Errors become words for its user.

    timed_out: the exceptions the job's queue raises in it when it runs past its time limit."""
    database = _database(settings)
    reporter = JobReporter(
        database, job_id, settings.progress_interval_s, settings.job_heartbeat_s, settings.job_stale_after_s
    )
    if not reporter.start():
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


def _database(settings: Settings) -> str:
    if settings.database_url is None:
        raise RuntimeError("DATABASE_URL is not set")
    return settings.database_url


def load_stored_model(settings: Settings, model: Model) -> LoadedModel:
    paths = artifact_store(settings).verified("models", model.id, model.files)
    return load_model(paths["weights"], paths["vocab"], dict(model.config))


def corpus_path(settings: Settings, corpus: Corpus) -> Path:
    return artifact_store(settings).verified("corpora", corpus.id, corpus.files)["corpus"]


def run_recording(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    database = _database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(database) as session:
            rec = session.execute(select(Recording).where(Recording.job_id == job_id)).scalar_one()
            model = session.get(Model, rec.model_id)
            corpus = session.get(Corpus, rec.corpus_id)
            assert model is not None and corpus is not None  # foreign keys
            loaded = load_stored_model(settings, model)
            store = artifact_store(settings)
            path, fmt = store.stored("corpora", corpus.id, corpus.files, "corpus"), corpus.format
            sha256 = str(corpus.files["corpus"]["sha256"])  # checked while the words are counted
            options = RecordingOptions(**rec.options)
            recording_id = rec.id
        reporter.progress(0.0, "counting words", force=True)

        def on_progress(done: int, total: int) -> None:
            reporter.progress(0.95 * done / max(total, 1), f"read {done:,} of {total:,} tokens")

        result = record(
            loaded,
            path,
            fmt,
            options,
            progress=on_progress,
            should_stop=reporter.should_stop,
            corpus_sha256=sha256,
        )
        reporter.progress(0.95, "saving statistics", force=True)
        stats = result.statistics
        with session_scope(database) as session:
            save_statistics(session, recording_id, stats, result.vocab)
            rec = session.get_one(Recording, recording_id)
            rec.channels = [[c.layer, c.state] for c in stats.channels]
            rec.num_sequences, rec.tokens = result.num_sequences, result.tokens
            rec.unk_tokens, rec.dropped_tokens = result.unk_tokens, result.dropped_tokens
            rec.words, rec.quantile_words = len(stats.word_ids), len(stats.quantile_word_ids)
            succeed(
                session, job_id, f"recorded {result.tokens:,} tokens, {len(stats.word_ids):,} distinct words"
            )

    return run_job(settings, job_id, work, timed_out)


def run_coclustering(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    database = _database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(database) as session:
            co = session.execute(select(Coclustering).where(Coclustering.job_id == job_id)).scalar_one()
            p = co.params
            words, matrix, counts = coclustering_matrix(
                session, session.get_one(Recording, co.recording_id), p
            )
        reporter.progress(0.3, f"co-clustering {len(words)} words x {matrix.shape[1]} units", force=True)
        chips = Cocluster(p["n_clusters"], p["mode"], p["seed"]).fit(matrix)
        fits = None
        if p.get("seeds", 1) > 1:
            reporter.progress(0.5, f"co-clustering {p['seeds'] - 1} subsamples for confidence", force=True)
            whole = Fit(chips.n_clusters, p["seed"], 0.0, chips.word_labels_, chips.unit_labels_)
            others = [
                fit_once(matrix, p["n_clusters"], p["mode"], s, False)
                for s in seeds_of(p["seed"], p["seeds"])[1:]
            ]
            fits = [whole, *others]
        with session_scope(database) as session:
            session.get_one(Coclustering, co.id).result = cocluster_result(words, matrix, chips, counts, fits)
            succeed(session, job_id, f"{p['n_clusters']} co-clusters of {len(words)} words")

    return run_job(settings, job_id, work, timed_out)


def run_coclustering_scan(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    database = _database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(database) as session:
            row = session.execute(
                select(CoclusteringScan).where(CoclusteringScan.job_id == job_id)
            ).scalar_one()
            p, scan_id = row.params, row.id
            words, matrix, _ = coclustering_matrix(session, session.get_one(Recording, row.recording_id), p)

        def on_progress(done: int, total: int) -> None:
            reporter.progress(
                0.98 * done / total, f"k {p['k_min'] + done - 1} of {p['k_min']}..{p['k_max']} done"
            )
            if reporter.should_stop():
                raise JobCancelled("scan stopped on request")

        reporter.progress(0.0, f"scanning k over {len(words)} words x {matrix.shape[1]} units", force=True)
        found = scan(
            matrix, p["mode"], p["k_min"], p["k_max"], p["seeds"], p["seed"], SCAN_THREADS, on_progress
        )
        with session_scope(database) as session:
            session.get_one(CoclusteringScan, scan_id).result = {**found, "words": len(words)}
            succeed(
                session, job_id, f"scanned k {p['k_min']}..{p['k_max']}: suggested k {found['suggested_k']}"
            )

    return run_job(settings, job_id, work, timed_out)


def run_training(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    database = _database(settings)
    store = artifact_store(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(database) as session:
            training = session.execute(select(Training).where(Training.job_id == job_id)).scalar_one()
            corpus = session.get_one(Corpus, training.corpus_id)
            path, fmt = corpus_path(settings, corpus), corpus.format
            known = {f.name for f in fields(TrainingOptions)}
            options = TrainingOptions(**{k: v for k, v in training.options.items() if k in known})
            training_id, owner_id, name = training.id, training.owner_id, training.name

        def on_progress(done: int, total: int, loss: float) -> None:
            reporter.progress(0.98 * done / max(total, 1), f"step {done:,} of {total:,}, loss {loss:.3f}")

        trained = train(path, fmt, options, progress=on_progress, should_stop=reporter.should_stop)
        with store.staged() as staging:
            spec = trained.model.spec
            save_model(staging, spec, trained.model.vocab, trained.model.state_dict)
            files = {
                role: checksum(staging / file).describe()
                for role, file in (
                    ("weights", "model.safetensors"),
                    ("vocab", "vocab.txt"),
                    ("config", "config.json"),
                )
            }
            files["weights"]["form"] = "safetensors"
            with session_scope(database) as session:
                model = Model(owner_id=owner_id, name=name, files=files, **model_columns(spec.to_config()))
                session.add(model)
                session.flush()
                store.promote(staging, "models", model.id)
                training = session.get_one(Training, training_id)
                training.model_id = model.id
                training.metrics = trained.history.as_metrics()
                succeed(session, job_id, f"trained model {model.id}")

    return run_job(settings, job_id, work, timed_out)


def run_ablation(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    database = _database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(database) as session:
            row = session.execute(select(Ablation).where(Ablation.job_id == job_id)).scalar_one()
            co = session.get_one(Coclustering, row.coclustering_id)
            rec = session.get_one(Recording, co.recording_id)
            loaded = load_stored_model(settings, session.get_one(Model, rec.model_id))
            corpus = session.get_one(Corpus, row.corpus_id)
            path, fmt = corpus_path(settings, corpus), corpus.format
            result = co.result or {}
            words = dict(zip(result["words"], result["word_labels"], strict=True))
            n_clusters = int(result.get("n_clusters", co.params["n_clusters"]))
            p, ablation_id = row.params, row.id
            mode = dict(rec.options).get("sequence_mode", "lines")
        options = AblationOptions(
            layer=p["layer"],
            units=tuple(p["units"]),
            method=p["method"],
            controls=p["controls"],
            seed=p["seed"],
            max_tokens=p.get("max_tokens"),
            sequence_mode=mode,
        )
        reporter.progress(0.0, f"reading the corpus {2 + options.controls} times over", force=True)

        def on_progress(done: int, total: int) -> None:
            reporter.progress(0.98 * done / max(total, 1), f"read {done:,} of {total:,} tokens")

        found = ablate(
            loaded,
            path,
            fmt,
            options,
            words,
            n_clusters,
            progress=on_progress,
            should_stop=reporter.should_stop,
        )
        with session_scope(database) as session:
            session.get_one(Ablation, ablation_id).result = found.as_json()
            change = found.loss["ablated"] - found.loss["unablated"]
            succeed(session, job_id, f"{len(options.units)} units ablated: loss {change:+.4f} nats")

    return run_job(settings, job_id, work, timed_out)
