"""One shard's task: record its range of the corpus, then merge in place or store its partial."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from services.errors import Cancelled
from services.jobs.messages import SendPart
from services.jobs.running import failure_words
from services.jobs.sharded_recording.files import KIND, forget_files, phases, read_inputs, shard_file
from services.jobs.sharded_recording.merging import empty_accumulator, merge_in_place
from services.jobs.sharded_recording.prefetch import Prefetcher
from services.jobs.sharded_recording.reporter import ShardReporter
from services.recording import default_device, open_corpus
from services.recording.recorder import recording_network
from services.recording.shards import ShardPlan, record_shard, save_partial
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, artifact_store
from services.storage.objects import StoreUnavailable

log = logging.getLogger(__name__)


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
        loaded, path, fmt, options, plan = read_inputs(settings, store, reporter.recording_id)
        assert path is not None
        clock = [("inputs", time.perf_counter())]
        network = recording_network(loaded, default_device())
        source = open_corpus(loaded, path, fmt, options)
        accumulator = empty_accumulator(network, loaded, options, plan, default_device())
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
        forget_files(store, reporter.recording_id)
        return "cancelled"
    except Exception as exc:
        reporter.end_job("failed", failure_words(exc, f"shard {index} of job {job_id} failed"))
        forget_files(store, reporter.recording_id)
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
        phases(started, clock),
    )


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
