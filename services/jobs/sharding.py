"""Sharded recordings as jobs (SPEC 10): the recording's job plans the shards; any batch worker records
any shard and stores its partial accumulator; the last shard merges the others' partials into its own
accumulator and writes the statistics, ending the job.

Merging in place spares one partial's writing, storing and reading. The last shard (planned a little
longer, shards.MERGER_LEAD) waits for the others while they record on live workers, fetching their
partials as they are stored; it never waits for a shard that is queued (its own worker could be the
only one to run it): then it stores its partial like the others, and the last shard to be done, or
the merge task it sends, merges.

The join is counted in PostgreSQL (shards_done, under the job's row lock), not by a Celery chord's
counter in Redis: a shard run again after its worker died is a new message that a chord would not
count, while the database counts done shards however often each ran. Commit, then send, as for jobs.

States: the job stays `running` from planning to merge. Each shard row goes queued -> running ->
done; its worker keeps the shard's and the job's heartbeats fresh. The reaper (reaper.reap_shards)
queues again a running shard whose heartbeat stopped (the others are kept), and leaves alone a job
whose shards are under way.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services.corpora.encoding import CorpusScan, SequenceSource
from services.database.session import session_scope
from services.database.tables import Corpus, Job, Model, Recording, RecordingShard, utcnow
from services.errors import Cancelled, UserError
from services.jobs.messages import FINISHED_STATUSES, SendPart
from services.jobs.running import (
    TimeLimitErrors,
    corpus_path,
    database,
    failure_words,
    load_stored_model,
    recording_options,
    run_job,
)
from services.jobs.tracking import JobReporter, finish, succeed
from services.models import LoadedModel, RNNModel, build_network
from services.recording import (
    RecordingOptions,
    ResponseAccumulator,
    channels_for,
    default_device,
    open_corpus,
)
from services.recording.shards import (
    ShardPlan,
    add_partial,
    load_partial,
    plan_shards,
    quantile_plan,
    record_shard,
    save_partial,
)
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, artifact_store
from services.storage.objects import StoreUnavailable
from services.storage.statistics import save_statistics

log = logging.getLogger(__name__)
PLANNED = 0.02  # the job's progress once the shards are planned; shards fill up to MERGING
MERGING = 0.95
MERGE_WAIT_POLL_S = 0.5  # the last shard, waiting for the others, looks this often
PREFETCH_POLL_S = 2.0  # the last shard looks this often for partials stored, to fetch them early
KIND = "recordings"  # the artifact store's folder for the plan and the partials
PLAN_FILE = "plan.npz"


def shard_file(index: int) -> str:
    return f"shard-{index:03d}.bin"


def start_shards(
    settings: Settings,
    reporter: JobReporter,
    recording_id: int,
    source: SequenceSource,
    scan: CorpusScan,
    shards: int,
    options: RecordingOptions,
    send: SendPart,
) -> None:
    """Plan the shards (a second counting pass), store the plan, write the shard rows, send them."""
    reporter.progress(0.01, f"cutting {scan.tokens:,} tokens into {shards} shards", force=True)
    plan = plan_shards(source, scan.word_counts, scan.num_sequences, shards, options)
    store = artifact_store(settings)
    with store.staged() as staging:
        plan.save(staging / PLAN_FILE)
        described = store.add_file(staging / PLAN_FILE, KIND, recording_id)
    with session_scope(database(settings)) as session:
        job = session.execute(select(Job).where(Job.id == reporter.job_id).with_for_update()).scalar_one()
        if job.status != "running" or job.cancel_requested:
            return  # run_job sees the flag and ends it
        rec = session.get_one(Recording, recording_id)
        session.query(RecordingShard).filter(RecordingShard.recording_id == recording_id).delete()
        for r in plan.ranges:
            session.add(
                RecordingShard(
                    recording_id=recording_id,
                    index=r.index,
                    first_sequence=r.first_sequence,
                    skip_batches=r.skip_batches,
                    num_batches=r.num_batches,
                    tokens=r.tokens,
                    status="queued",
                    attempts=0,
                    tokens_done=0,
                )
            )
        rec.shards, rec.shards_done = shards, 0
        rec.shard_plan = described
        rec.num_sequences, rec.tokens = scan.num_sequences, scan.tokens
        rec.unk_tokens, rec.dropped_tokens = scan.unk_tokens, scan.dropped_tokens
        job.progress, job.message = (
            PLANNED,
            f"waiting for workers: {shards} shards of ~{scan.tokens // shards:,} tokens",
        )
    for r in plan.ranges:  # after the commit: the worker that takes a shard must see its row
        send("shard", reporter.job_id, r.index)


def resume(settings: Settings, reporter: JobReporter, recording_id: int, send: SendPart) -> None:
    """The job ran again after its shards were planned (its worker was lost while merging, or a
    message came twice): merge when every shard is done, else send the shards not done again."""
    with session_scope(database(settings)) as session:
        rec = session.get_one(Recording, recording_id)
        waiting = (
            session.execute(
                select(RecordingShard.index).where(
                    RecordingShard.recording_id == recording_id, RecordingShard.status != "done"
                )
            )
            .scalars()
            .all()
        )
    if not waiting and rec.shards is not None:
        merge(settings, reporter, recording_id)
        return
    for index in waiting:  # a shard already running with a fresh heartbeat skips the message
        send("shard", reporter.job_id, index)


class ShardReporter:
    """A shard's life in its row: start (claim), heartbeat, progress summed into the job, cancel."""

    def __init__(self, settings: Settings, job_id: int, index: int) -> None:
        self.database, self.job_id, self.index = database(settings), job_id, index
        self.interval_s, self.heartbeat_s = settings.progress_interval_s, settings.job_heartbeat_s
        self.stale_after_s = settings.job_stale_after_s
        self.recording_id = 0
        self.shards = 1
        self._beating = threading.Event()
        self._last_write = 0.0
        self._stop = False

    def start(self) -> bool:
        """Claim the shard; False when there is nothing to do (done, running elsewhere, job over)."""
        with session_scope(self.database) as session:
            job = session.execute(
                select(Job).where(Job.id == self.job_id).with_for_update()
            ).scalar_one_or_none()
            rec = session.execute(
                select(Recording).where(Recording.job_id == self.job_id)
            ).scalar_one_or_none()
            if job is None or rec is None or job.status != "running":
                return False
            if job.cancel_requested:
                finish(job, "cancelled", "cancelled on request")
                return False
            shard = session.get(RecordingShard, (rec.id, self.index), with_for_update=True)
            if shard is None or shard.status == "done":
                return False
            now = utcnow()
            fresh = (
                shard.heartbeat_at is not None
                and (now - shard.heartbeat_at).total_seconds() < self.stale_after_s
            )
            if shard.status == "running" and fresh:
                return False  # a message handed out twice
            shard.status, shard.attempts, shard.tokens_done, shard.heartbeat_at = (
                "running",
                shard.attempts + 1,
                0,
                now,
            )
            shard.worker = f"{socket.gethostname()}:{os.getpid()}"
            job.heartbeat_at = now
            self.recording_id, self.shards = rec.id, rec.shards or 1
        self._beating.set()
        threading.Thread(target=self._beat, name=f"shard-{self.job_id}-{self.index}", daemon=True).start()
        return True

    def _beat(self) -> None:
        while self._beating.is_set():
            time.sleep(self.heartbeat_s)
            if not self._beating.is_set():
                return
            try:
                self.beat()
            except SQLAlchemyError:  # the database is away for a moment: the next beat tries again
                continue

    def beat(self) -> None:
        """One heartbeat: two transactions, each holding one row lock (the worker's other transactions
        lock the job's row and its shard's in either order, so one holding both could deadlock). The
        job's row is skipped while another transaction holds it (the merge saving the statistics holds
        it for as long as that takes): the shard's beat must not wait behind it, or the shard would
        look lost to the reaper while it merges."""
        now = utcnow()
        with session_scope(self.database) as session:
            session.execute(self._shard().values(heartbeat_at=now))
        with session_scope(self.database) as session:
            free = (
                select(Job.id)
                .where(Job.id == self.job_id, Job.status == "running")
                .with_for_update(skip_locked=True)
            )
            if session.execute(free).first() is not None:
                session.execute(update(Job).where(Job.id == self.job_id).values(heartbeat_at=now))

    def _shard(self) -> Any:
        return update(RecordingShard).where(
            RecordingShard.recording_id == self.recording_id,
            RecordingShard.index == self.index,
            RecordingShard.status == "running",
        )

    def stop_heartbeat(self) -> None:
        self._beating.clear()

    def progress(self, done: int, _total: int) -> None:
        """This shard's tokens, and the job's progress summed over its shards (at most once per interval)."""
        now = time.monotonic()
        if now - self._last_write < self.interval_s:
            return
        self._last_write = now
        with session_scope(self.database) as session:
            session.execute(self._shard().values(tokens_done=done))
            self._write_job_progress(session)
            self._read_stop(session)

    def _write_job_progress(self, session: Session) -> None:
        rec = session.get_one(Recording, self.recording_id)
        read, done = session.execute(
            select(
                func.coalesce(func.sum(RecordingShard.tokens_done), 0),
                func.count().filter(RecordingShard.status == "done"),
            ).where(RecordingShard.recording_id == self.recording_id)
        ).one()
        total = max(rec.tokens or 1, 1)
        session.execute(
            update(Job)
            .where(Job.id == self.job_id, Job.status == "running")
            .values(
                progress=PLANNED + (MERGING - PLANNED) * min(1.0, int(read) / total),
                message=f"read {int(read):,} of {total:,} tokens; {done} of {rec.shards} shards done",
            )
        )

    def should_stop(self) -> bool:
        now = time.monotonic()
        if now - self._last_write >= self.interval_s:
            self._last_write = now
            with session_scope(self.database) as session:
                self._read_stop(session)
        return self._stop

    def _read_stop(self, session: Session) -> None:
        row = session.execute(
            select(Job.status, Job.cancel_requested).where(Job.id == self.job_id)
        ).one_or_none()
        self._stop = row is None or row[0] != "running" or bool(row[1])

    @property
    def last(self) -> bool:
        """The shard planned to merge the others in place (planned longer, dequeued last)."""
        return self.index == self.shards - 1

    def merges_here(self) -> bool:
        """After recording: True when this shard merges the others' partials into its own accumulator,
        because every other shard is done, or because it is the last shard and the others not done
        are recording on live workers (it waits for them). False: it stores its partial instead (a
        shard waits for a worker, or the job stopped: should_stop() says which)."""
        while True:
            with session_scope(self.database) as session:
                self._read_stop(session)
                others = session.execute(
                    select(RecordingShard.status, RecordingShard.heartbeat_at).where(
                        RecordingShard.recording_id == self.recording_id,
                        RecordingShard.index != self.index,
                        RecordingShard.status != "done",
                    )
                ).all()
            if self._stop:
                return False
            if not others:
                return True
            now = utcnow()
            live = all(
                status == "running" and beat is not None and (now - beat).total_seconds() < self.stale_after_s
                for status, beat in others
            )
            if not (self.last and live):
                return False
            time.sleep(MERGE_WAIT_POLL_S)

    def merging(self, shards: int) -> None:
        with session_scope(self.database) as session:
            session.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.status == "running")
                .values(progress=MERGING, message=f"merging {shards} shards")
            )

    def done(self, partial: dict[str, object]) -> bool:
        """Mark the shard done with its stored partial; True when it was the last (send the merge)."""
        with session_scope(self.database) as session:
            job = session.execute(
                select(Job).where(Job.id == self.job_id).with_for_update()
            ).scalar_one_or_none()
            rec = session.get(Recording, self.recording_id)
            shard = session.get(RecordingShard, (self.recording_id, self.index))
            if job is None or rec is None or shard is None or job.status != "running":
                return False
            shard.status, shard.partial, shard.tokens_done = "done", partial, shard.tokens
            session.flush()
            rec.shards_done = session.execute(
                select(func.count()).where(
                    RecordingShard.recording_id == self.recording_id, RecordingShard.status == "done"
                )
            ).scalar_one()
            self._write_job_progress(session)
            return rec.shards_done == rec.shards

    def end_job(self, status: str, error: str | None = None) -> None:
        """Fail or cancel the whole recording (the other shards stop at their next check)."""
        with session_scope(self.database) as session:
            job = session.execute(
                select(Job).where(Job.id == self.job_id).with_for_update()
            ).scalar_one_or_none()
            if job is not None and job.status not in FINISHED_STATUSES:
                if status == "cancelled":
                    finish(job, "cancelled", "cancelled on request")
                else:
                    finish(job, "failed", "failed", error)


def run_shard(settings: Settings, job_id: int, index: int, send: SendPart) -> str:
    """Record one shard; then merge the others into it (merges_here), or store its partial (the last
    shard done then sends the merge)."""
    reporter = ShardReporter(settings, job_id, index)
    if not reporter.start():
        return "skipped"
    store = artifact_store(settings)
    prefetch = Prefetcher(settings, store, reporter.recording_id, index) if reporter.last else None
    try:
        started = time.perf_counter()
        loaded, path, fmt, options, plan = _inputs(settings, store, reporter.recording_id)
        assert path is not None
        clock = [("inputs", time.perf_counter())]
        network = build_network(loaded, default_device())
        source = open_corpus(loaded, path, fmt, options)
        accumulator = _accumulator(network, loaded, options, plan, default_device())
        record_shard(
            network, source, plan, index, accumulator, options, reporter.progress, reporter.should_stop
        )
        if reporter.should_stop():
            raise Cancelled("stopped")
        clock.append(("record", time.perf_counter()))
        here = reporter.merges_here()
        if reporter.should_stop():
            raise Cancelled("stopped")
        clock.append(("wait", time.perf_counter()))
        if here:
            fetched = prefetch.finish() if prefetch is not None else {}
            clock.append(("prefetch", time.perf_counter()))  # a fetch still under way when it ended
            del network
            _log_shard(job_id, index, plan, 0, started, clock)
            merge_in_place(settings, reporter, store, loaded, options, plan, accumulator, fetched)
            return "merged"
        if prefetch is not None:
            prefetch.stop()
        with store.staged() as staging:
            save_partial(accumulator, staging / shard_file(index))
            del accumulator
            clock.append(("write", time.perf_counter()))
            described = _store_partial(store, staging / shard_file(index), reporter)
            clock.append(("store", time.perf_counter()))
        _log_shard(job_id, index, plan, int(str(described["bytes"])), started, clock)
        if reporter.done(described):
            send("merge", job_id, None)
        return "done"
    except Cancelled:
        reporter.end_job("cancelled")
        _forget(store, reporter.recording_id)
        return "cancelled"
    except Exception as exc:
        reporter.end_job("failed", failure_words(exc, f"shard {index} of job {job_id} failed"))
        _forget(store, reporter.recording_id)
        return "failed"
    finally:
        if prefetch is not None:
            prefetch.finish()
        reporter.stop_heartbeat()


def _log_shard(
    job_id: int,
    index: int,
    plan: ShardPlan,
    partial_bytes: int,
    started: float,
    clock: list[tuple[str, float]],
) -> None:
    log.info(
        "rnnvis-timing shard job=%s index=%s tokens=%s partial_bytes=%s %s",
        job_id,
        index,
        plan.ranges[index].tokens,
        partial_bytes,
        _phases(started, clock),
    )


class Prefetcher:
    """The last shard fetches the other shards' partials into its worker's cache as they are stored,
    while it still records or waits, so that its merge reads them from local disk."""

    def __init__(self, settings: Settings, store: ArtifactStore, recording_id: int, index: int) -> None:
        self.database, self.store = database(settings), store
        self.recording_id, self.index = recording_id, index
        self.paths: dict[int, Path] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"prefetch-{recording_id}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._fetch_stored()
            except (SQLAlchemyError, StoreUnavailable, OSError, ValueError) as exc:
                # the merge fetches what is missing and says what failed
                log.info("recording %s: prefetching partials: %s", self.recording_id, exc)
            self._stop.wait(PREFETCH_POLL_S)

    def _fetch_stored(self) -> None:
        with session_scope(self.database) as session:
            stored = session.execute(
                select(RecordingShard.index, RecordingShard.partial).where(
                    RecordingShard.recording_id == self.recording_id,
                    RecordingShard.index != self.index,
                    RecordingShard.status == "done",
                )
            ).all()
        for index, described in stored:
            if self._stop.is_set():
                return
            if index not in self.paths and described:
                role = f"shard {index}"
                self.paths[index] = self.store.stored(KIND, self.recording_id, {role: described}, role)

    def stop(self) -> None:
        """Fetch nothing more (a fetch under way ends on its own)."""
        self._stop.set()

    def finish(self) -> dict[int, Path]:
        """Stop (after the fetch under way) and give the partials fetched, by shard index."""
        self._stop.set()
        self._thread.join()
        return dict(self.paths)


STORE_RETRY_S = (2.0, 4.0, 8.0, 16.0, 30.0)  # an object store restarting is given about a minute


def _store_partial(store: ArtifactStore, path: Path, reporter: ShardReporter) -> dict[str, object]:
    """Upload a shard's partial, trying again while the object store is away (restarting, say): the
    shard's work is kept on this worker meanwhile. StoreUnavailable once it stays away."""
    for wait in (*STORE_RETRY_S, None):
        try:
            return store.add_file(path, KIND, reporter.recording_id)
        except StoreUnavailable as exc:
            if wait is None:
                raise
            log.warning(
                "shard %s of job %s: %s; trying again in %.0f s", reporter.index, reporter.job_id, exc, wait
            )
            time.sleep(wait)
            if reporter.should_stop():
                raise Cancelled("stopped while waiting for the object store") from exc
    raise AssertionError("unreachable")


def merge(settings: Settings, reporter: JobReporter, recording_id: int) -> None:
    """Add the shards' partial accumulators and write the statistics, ending the job (run inside
    run_job, which turns errors into words)."""
    store = artifact_store(settings)
    loaded, _, _, options, plan = _inputs(settings, store, recording_id, corpus=False)
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
    merged = _accumulator(build_network(loaded, "cpu"), loaded, options, plan, "cpu")
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


def _accumulator(
    network: RNNModel,
    loaded: LoadedModel,
    options: RecordingOptions,
    plan: ShardPlan,
    device: str | torch.device,
) -> ResponseAccumulator:
    """An empty accumulator for the whole corpus's words and planned samples."""
    channels = channels_for(network, options.gates)
    return ResponseAccumulator(
        plan.word_counts, channels, loaded.spec.hidden_size, quantile_plan(plan, options), device
    )


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
    _forget(store, recording_id)  # the plan and the partials are not needed any more
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
            select(Recording.id, Recording.shards, Recording.shards_done, Job.status)
            .join(Job, Job.id == Recording.job_id)
            .where(Recording.job_id == job_id)
        ).one_or_none()
    if found is None or found.status != "running" or found.shards is None or found.shards_done < found.shards:
        return "skipped"
    recording_id = found.id
    return run_job(
        settings, job_id, lambda reporter: merge(settings, reporter, recording_id), timed_out, True
    )


def _inputs(
    settings: Settings, store: ArtifactStore, recording_id: int, corpus: bool = True
) -> tuple[LoadedModel, Path | None, str, RecordingOptions, ShardPlan]:
    with session_scope(database(settings)) as session:
        rec = session.get_one(Recording, recording_id)
        loaded = load_stored_model(settings, session.get_one(Model, rec.model_id))
        stored = session.get_one(Corpus, rec.corpus_id)
        path = corpus_path(settings, stored) if corpus else None
        options, _ = recording_options(rec.options)
        if rec.shard_plan is None:
            raise UserError("the recording's shards were never planned")
        plan_path = store.stored(KIND, recording_id, {"plan": rec.shard_plan}, "plan")
        return loaded, path, stored.format, options, ShardPlan.load(plan_path)


def _phases(started: float, clock: list[tuple[str, float]]) -> str:
    """'inputs_s=0.31 record_s=80.20 ...': each phase's seconds, for the log and benchmarks/scaling.py."""
    marks = [started, *(t for _, t in clock)]
    return " ".join(f"{name}_s={marks[i + 1] - marks[i]:.2f}" for i, (name, _) in enumerate(clock))


def _forget(store: ArtifactStore, recording_id: int) -> None:
    try:
        store.remove(KIND, recording_id)
    except StoreUnavailable as exc:
        log.warning("recording %s: its shard files stay in the artifact store: %s", recording_id, exc)
