"""The work behind each job kind, run by a worker: read inputs by id, report progress, write results.

Each runner is idempotent: run twice for one job (a redelivered task), it writes the same results once.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from services.ablation import AblationOptions, ablate
from services.clustering.cocluster import Cocluster
from services.clustering.consensus import consensus
from services.clustering.results import cocluster_result
from services.clustering.trust import Fit, fit_once, scan, seeds_of
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
from services.errors import Cancelled
from services.jobs import sharded_recording
from services.jobs.messages import SendPart
from services.jobs.running import (
    TimeLimitErrors,
    corpus_path,
    database,
    job_record,
    load_stored_model,
    recording_options,
    run_job,
)
from services.jobs.tracking import JobReporter, succeed
from services.models import save_model
from services.models.loading import LoadedModel
from services.recording import open_corpus, record_scanned
from services.recording.quality import reading_quality
from services.recording.shards import shard_count
from services.settings import Settings
from services.storage.artifacts import artifact_store, checksum
from services.storage.statistics import coclustering_matrix, save_statistics
from services.training import TrainingOptions, train

SCAN_THREADS = 2  # a scan's fits run on two threads (BLAS and k-means release the GIL)


def reading(reporter: JobReporter, share: float) -> Callable[[int, int], None]:
    """The engine's progress over the tokens it reads, as the job's up to share (the rest: saving)."""

    def on_progress(done: int, total: int) -> None:
        reporter.progress(share * done / max(total, 1), f"read {done:,} of {total:,} tokens")

    return on_progress


def run_recording(settings: Settings, job_id: int, send: SendPart, timed_out: TimeLimitErrors = ()) -> str:
    """Count the words, then record in one piece, or plan shards for the batch workers (SPEC 10).

    send: hands a shard or the merge to the batch workers."""
    db = database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(db) as session:
            rec = job_record(session, Recording, job_id)
            model = session.get_one(Model, rec.model_id)
            corpus = session.get_one(Corpus, rec.corpus_id)
            recording_id, planned = rec.id, rec.planned_shards
        if planned is not None and planned > 1:  # an earlier attempt planned the shards
            sharded_recording.resume(settings, reporter, recording_id, send)
            return
        with session_scope(db) as session:
            rec = session.get_one(Recording, recording_id)
            loaded = load_stored_model(settings, model)
            store = artifact_store(settings)
            path, fmt = store.stored("corpora", corpus.id, corpus.files, "corpus"), corpus.format
            sha256 = str(corpus.files["corpus"]["sha256"])  # checked while the words are counted
            options, requested = recording_options(rec.options)
        reporter.progress(0.0, "counting words", force=True)
        source = open_corpus(loaded, path, fmt, options, sha256)
        scanned = source.scan()
        reporter.progress(0.01, "reading the first words for the model's loss", force=True)
        quality = reading_quality(loaded, source, scanned.word_counts)
        with session_scope(db) as session:
            session.get_one(Recording, recording_id).quality = quality.to_json() if quality else None
        shards = shard_count(scanned.tokens, scanned.num_sequences, requested, settings.shard_tokens, options)
        if shards > 1:
            source.sha256 = None  # checked by the scan
            sharded_recording.start_shards(
                settings, reporter, recording_id, source, scanned, shards, options, send
            )
            return
        on_progress = reading(reporter, 0.95)
        result = record_scanned(
            loaded, source, scanned, options, progress=on_progress, should_stop=reporter.should_stop
        )
        reporter.progress(0.95, "saving statistics", force=True)
        stats = result.statistics
        with session_scope(db) as session:
            save_statistics(session, recording_id, stats, result.vocab)
            rec = session.get_one(Recording, recording_id)
            rec.planned_shards, rec.channels = 1, [[c.layer, c.state] for c in stats.channels]
            rec.num_sequences, rec.tokens = result.num_sequences, result.tokens
            rec.unk_tokens, rec.dropped_tokens = result.unk_tokens, result.dropped_tokens
            rec.words, rec.quantile_words = len(stats.word_ids), len(stats.quantile_word_ids)
            succeed(
                session, job_id, f"recorded {result.tokens:,} tokens, {len(stats.word_ids):,} distinct words"
            )

    return run_job(settings, job_id, work, timed_out)


def run_recording_shard(settings: Settings, job_id: int, index: int, send: SendPart) -> str:
    return sharded_recording.run_shard(settings, job_id, index, send)


def run_recording_merge(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    return sharded_recording.run_merge(settings, job_id, timed_out)


def cocluster_matrix(
    words: list[str], matrix: np.ndarray, counts: list[int], p: dict[str, Any]
) -> dict[str, Any]:
    """A co-clustering's result (SPEC 4 and 9) with its params p: one seed's labels (with the next
    seeds' subsamples for confidence), or the consensus of the seeds' runs."""
    if p.get("consensus"):  # SPEC 9: the vote of the seeds' runs, and its agreement with the next seeds'
        found = consensus(matrix, p["n_clusters"], p["mode"], p["seed"], p["seeds"])
        agreement = (found.agreement_units, found.agreement_words)
        return cocluster_result(words, matrix, found.chips, counts, found.fits, agreement)
    chips = Cocluster(p["n_clusters"], p["mode"], p["seed"]).fit(matrix)
    fits = None
    if p.get("seeds", 1) > 1:
        whole = Fit(chips.n_clusters, p["seed"], 0.0, chips.word_labels_, chips.unit_labels_)
        others = [
            fit_once(matrix, p["n_clusters"], p["mode"], s, False)
            for s in seeds_of(p["seed"], p["seeds"])[1:]
        ]
        fits = [whole, *others]
    return cocluster_result(words, matrix, chips, counts, fits)


def run_coclustering(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    db = database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(db) as session:
            co = job_record(session, Coclustering, job_id)
            p = co.params
            words, matrix, counts = coclustering_matrix(
                session, session.get_one(Recording, co.recording_id), p
            )
        reporter.progress(0.3, f"co-clustering {len(words)} words x {matrix.shape[1]} units", force=True)
        if p.get("consensus"):
            reporter.progress(0.4, f"co-clustering {2 * p['seeds']} subsamples for a consensus", force=True)
        elif p.get("seeds", 1) > 1:
            reporter.progress(0.5, f"co-clustering {p['seeds'] - 1} subsamples for confidence", force=True)
        result = cocluster_matrix(words, matrix, counts, p)
        with session_scope(db) as session:
            session.get_one(Coclustering, co.id).result = result
            kind = "consensus co-clusters" if p.get("consensus") else "co-clusters"
            succeed(session, job_id, f"{p['n_clusters']} {kind} of {len(words)} words")

    return run_job(settings, job_id, work, timed_out)


def run_coclustering_scan(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    db = database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(db) as session:
            row = job_record(session, CoclusteringScan, job_id)
            p, scan_id = row.params, row.id
            words, matrix, _ = coclustering_matrix(session, session.get_one(Recording, row.recording_id), p)

        def on_progress(done: int, total: int) -> None:
            reporter.progress(
                0.98 * done / total, f"k {p['k_min'] + done - 1} of {p['k_min']}..{p['k_max']} done"
            )
            if reporter.should_stop():
                raise Cancelled("scan stopped on request")

        reporter.progress(0.0, f"scanning k over {len(words)} words x {matrix.shape[1]} units", force=True)
        found = scan(
            matrix,
            p["mode"],
            p["k_min"],
            p["k_max"],
            p["seeds"],
            p["seed"],
            SCAN_THREADS,
            on_progress,
            consensus=bool(p.get("consensus")),
        )
        with session_scope(db) as session:
            session.get_one(CoclusteringScan, scan_id).result = {**found, "words": len(words)}
            succeed(
                session, job_id, f"scanned k {p['k_min']}..{p['k_max']}: suggested k {found['suggested_k']}"
            )

    return run_job(settings, job_id, work, timed_out)


def model_files(loaded: LoadedModel, folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write a trained model into folder as it uploads (a SPEC 11 model: its save_pretrained folder);
    returns its files as its row describes them, and its config."""
    folder.mkdir(parents=True, exist_ok=True)
    if loaded.is_modern:
        from services.models.modern.folder import FOLDER_ROLES, row_config, write_folder

        write_folder(loaded, folder)
        roles, config = FOLDER_ROLES, row_config(loaded)
    else:
        save_model(folder, loaded.spec, loaded.vocab, loaded.state_dict)
        roles = {"weights": "model.safetensors", "vocab": "vocab.txt", "config": "config.json"}
        config = loaded.spec.to_config()
    files = {
        role: checksum(folder / file).describe() for role, file in roles.items() if (folder / file).exists()
    }
    files["weights"]["form"] = "safetensors"
    return files, config


def run_training(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    db = database(settings)
    store = artifact_store(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(db) as session:
            training = job_record(session, Training, job_id)
            corpus = session.get_one(Corpus, training.corpus_id)
            path, fmt = corpus_path(settings, corpus), corpus.format
            known = {f.name for f in fields(TrainingOptions)}
            options = TrainingOptions(**{k: v for k, v in training.options.items() if k in known})
            training_id, owner_id, name = training.id, training.owner_id, training.name
        steps = [0]

        def on_progress(done: int, total: int, loss: float) -> None:
            steps[0] = total
            reporter.progress(0.98 * done / max(total, 1), f"step {done:,} of {total:,}, loss {loss:.3f}")

        unit = "epoch" if options.checkpoint_by == "epochs" else "step"
        # the checkpoints kept on the way (issue 34), on disk until the end; no folder without them
        with store.staged() if options.checkpoint_every else nullcontext(Path()) as along:
            kept: list[tuple[int, dict[str, Any], dict[str, Any], Path]] = []

            def keep(count: int, loaded: LoadedModel) -> None:
                folder = along / f"{unit}-{count}"
                kept.append((count, *model_files(loaded, folder), folder))

            trained = train(path, fmt, options, progress=on_progress, should_stop=reporter.should_stop,
                            keep_checkpoint=keep if options.checkpoint_every else None)  # fmt: skip
            with store.staged() as staging:
                files, config = model_files(trained.model, staging)
                last = options.epochs if unit == "epoch" else steps[0]
                with session_scope(db) as session:
                    training = session.get_one(Training, training_id)
                    # the model of a training shared into a project is shared there too (SPEC 12)
                    model = Model(
                        owner_id=owner_id,
                        project_id=training.project_id,
                        name=name,
                        files=files,
                        step=last if kept else None,
                        **model_columns(config),
                    )
                    session.add(model)
                    session.flush()
                    store.promote(staging, "models", model.id)
                    for count, kept_files, kept_config, folder in kept:  # the series (issue 34)
                        checkpoint = Model(
                            owner_id=owner_id,
                            project_id=training.project_id,
                            name=f"{name} @ {unit} {count:,}",
                            files=kept_files,
                            checkpoint_of=model.id,
                            step=count,
                            **model_columns(kept_config),
                        )
                        session.add(checkpoint)
                        session.flush()
                        store.promote(folder, "models", checkpoint.id)
                    training.model_id = model.id
                    training.metrics = trained.history.as_metrics()
                    series = f" and {len(kept)} checkpoints" if kept else ""
                    succeed(session, job_id, f"trained model {model.id}{series}")

    return run_job(settings, job_id, work, timed_out)


def run_ablation(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    db = database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(db) as session:
            row = job_record(session, Ablation, job_id)
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
        found = ablate(
            loaded,
            path,
            fmt,
            options,
            words,
            n_clusters,
            progress=reading(reporter, 0.98),
            should_stop=reporter.should_stop,
        )
        with session_scope(db) as session:
            session.get_one(Ablation, ablation_id).result = found.as_json()
            change = found.loss["ablated"] - found.loss["unablated"]
            succeed(session, job_id, f"{len(options.units)} units ablated: loss {change:+.4f} nats")

    return run_job(settings, job_id, work, timed_out)
