"""The merge: the shards' partial accumulators added (into an empty one, or into the last shard's
own, in place) and the statistics written, ending the job."""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sqlalchemy import select

from services.database.session import session_scope
from services.database.tables import Job, Recording, RecordingShard
from services.errors import UserError
from services.jobs.running import TimeLimitErrors, database, run_job
from services.jobs.sharded_recording.files import KIND, MERGING, forget_files, read_inputs
from services.jobs.sharded_recording.reporter import ShardReporter
from services.jobs.tracking import JobReporter, succeed
from services.models import LoadedModel
from services.recording import RecordingOptions, ResponseAccumulator
from services.recording.recorder import Network, new_accumulator, recording_network
from services.recording.shards import ShardPlan, add_partial, load_partial, quantile_plan
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, artifact_store
from services.storage.statistics import save_statistics

log = logging.getLogger(__name__)


def merge(settings: Settings, reporter: JobReporter, recording_id: int) -> None:
    """Add the shards' partial accumulators and write the statistics, ending the job (run inside
    run_job, which turns errors into words)."""
    store = artifact_store(settings)
    loaded, _, _, options, plan = read_inputs(settings, store, recording_id, corpus=False)
    with session_scope(database(settings)) as session:
        shards = (
            session.execute(
                select(RecordingShard)
                .where(RecordingShard.recording_id == recording_id)
                .order_by(RecordingShard.index)
            )
            .scalars()
            .all()
        )
        partials = [(s.index, dict(s.partial or {})) for s in shards]
        tokens = session.get_one(Recording, recording_id).tokens or 0
    reporter.progress(MERGING, f"merging {len(partials)} shards", force=True)
    merged = empty_accumulator(recording_network(loaded, "cpu"), loaded, options, plan, "cpu")
    with _all_cores():  # every shard waits for the merge: it uses the host's cores, not one
        _merge(settings, reporter.job_id, recording_id, store, loaded, merged, partials, tokens)


def merge_in_place(
    settings: Settings,
    reporter: ShardReporter,
    store: ArtifactStore,
    loaded: LoadedModel,
    options: RecordingOptions,
    plan: ShardPlan,
    accumulator: ResponseAccumulator,
    fetched: dict[int, Path],
) -> None:
    """The last shard adds the others' stored partials into its own accumulator and writes the
    statistics; its shard is done in the same commit as the job."""
    with session_scope(database(settings)) as session:
        others = (
            session.execute(
                select(RecordingShard)
                .where(
                    RecordingShard.recording_id == reporter.recording_id,
                    RecordingShard.index != reporter.index,
                )
                .order_by(RecordingShard.index)
            )
            .scalars()
            .all()
        )
        partials = [(s.index, dict(s.partial or {})) for s in others]
        tokens = session.get_one(Recording, reporter.recording_id).tokens or 0
    reporter.merging(len(partials) + 1)
    with _all_cores():
        _merge(
            settings,
            reporter.job_id,
            reporter.recording_id,
            store,
            loaded,
            accumulator,
            partials,
            tokens,
            fetched,
            in_place=reporter.index,
        )


def empty_accumulator(
    network: Network,
    loaded: LoadedModel,
    options: RecordingOptions,
    plan: ShardPlan,
    device: str | torch.device,
) -> ResponseAccumulator:
    """An empty accumulator for the whole corpus's words and planned samples."""
    return new_accumulator(network, plan.word_counts, quantile_plan(plan, options), options, device)


@contextmanager
def _all_cores() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _merge(
    settings: Settings,
    job_id: int,
    recording_id: int,
    store: ArtifactStore,
    loaded: LoadedModel,
    merged: ResponseAccumulator,
    partials: list[tuple[int, dict[str, Any]]],
    tokens: int,
    fetched: dict[int, Path] | None = None,
    in_place: int | None = None,
) -> None:
    """Add the partials into `merged` (empty, or the last shard's own: in_place is its index), save
    the statistics and end the job. fetched: partials already in the local cache, by shard index."""
    started = time.perf_counter()
    fetch_s = add_s = 0.0
    shards = len(partials) + (in_place is not None)
    for partial, fetched_in, loaded_in in _read_partials(store, recording_id, partials, fetched or {}):
        tick = time.perf_counter()
        add_partial(merged, partial)
        fetch_s, add_s = fetch_s + fetched_in, add_s + loaded_in + time.perf_counter() - tick
    tick = time.perf_counter()
    stats = merged.result()
    del merged
    saving = time.perf_counter()
    statistics_s = saving - tick
    with session_scope(database(settings)) as session:
        job = session.execute(select(Job).where(Job.id == job_id).with_for_update()).scalar_one()
        if job.status != "running":
            return  # another merge (a message handed out twice) finished it, or the job was cancelled
        save_statistics(session, recording_id, stats, loaded.vocab)
        rec = session.get_one(Recording, recording_id)
        rec.channels = [[c.layer, c.state] for c in stats.channels]
        rec.words, rec.quantile_words = len(stats.word_ids), len(stats.quantile_word_ids)
        if in_place is not None:
            shard = session.get_one(RecordingShard, (recording_id, in_place))
            shard.status, shard.tokens_done = "done", shard.tokens
            rec.shards_done = shards
        succeed(
            session,
            job_id,
            f"recorded {tokens:,} tokens in {shards} shards, {len(stats.word_ids):,} distinct words",
        )
    forget_files(store, recording_id)  # the plan and the partials are not needed any more
    log.info(
        "rnnvis-timing merge job=%s shards=%s in_place=%d read_s=%.2f fetch_s=%.2f add_s=%.2f "
        "statistics_s=%.2f save_s=%.2f",
        job_id,
        shards,
        in_place is not None,
        tick - started,  # the partials fetched, read and added (fetch and add overlap on threads)
        fetch_s,
        add_s,
        statistics_s,
        time.perf_counter() - saving,
    )


PARTIALS_AHEAD = 2  # partials being read at once: one is added while the next is read


def _read_partials(
    store: ArtifactStore,
    recording_id: int,
    partials: list[tuple[int, dict[str, Any]]],
    fetched: dict[int, Path],
) -> Iterator[tuple[dict[str, np.ndarray], float, float]]:
    """Each shard's partial accumulator in shard order (with the seconds its fetch and its reading
    took), fetched (unless `fetched` has it) and decompressed on threads ahead of the caller (zstd
    and numpy release the GIL)."""

    def read(index: int, described: dict[str, Any]) -> tuple[dict[str, np.ndarray], float, float]:
        if not described:
            raise UserError(f"shard {index} has no stored result; record it again")
        started = time.perf_counter()
        path = fetched.get(index)
        if path is None or not path.is_file():  # not fetched early, or evicted from the cache since
            path = store.stored(KIND, recording_id, {f"shard {index}": described}, f"shard {index}")
        got = time.perf_counter()
        return load_partial(path), got - started, time.perf_counter() - got

    with ThreadPoolExecutor(max_workers=PARTIALS_AHEAD) as pool:
        ahead: deque[Future[tuple[dict[str, np.ndarray], float, float]]] = deque()
        for index, described in partials:
            ahead.append(pool.submit(read, index, described))
            if len(ahead) >= PARTIALS_AHEAD:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def run_merge(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    """The merge task: take over the job (it is running, its shards done) and merge."""
    with session_scope(database(settings)) as session:
        found = session.execute(
            select(Recording.id, Recording.planned_shards, Recording.shards_done, Job.status)
            .join(Job, Job.id == Recording.job_id)
            .where(Recording.job_id == job_id)
        ).one_or_none()
    if (
        found is None
        or found.status != "running"
        or found.planned_shards is None
        or found.shards_done < found.planned_shards
    ):
        return "skipped"
    recording_id = found.id
    return run_job(
        settings, job_id, lambda reporter: merge(settings, reporter, recording_id), timed_out, True
    )
