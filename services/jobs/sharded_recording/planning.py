"""The recording's job cuts the corpus into shards, stores the plan and sends one task per shard;
run again, it sends the shards not done (or merges)."""

from __future__ import annotations

from sqlalchemy import select

from services.corpora.encoding import CorpusScan, SequenceSource
from services.database.session import session_scope
from services.database.tables import Job, Recording, RecordingShard
from services.jobs.messages import SendPart
from services.jobs.running import database
from services.jobs.sharded_recording.files import KIND, PLAN_FILE, PLANNED
from services.jobs.sharded_recording.merging import merge
from services.jobs.tracking import JobReporter
from services.recording import RecordingOptions
from services.recording.shards import plan_shards
from services.settings import Settings
from services.storage.artifacts import artifact_store


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
        rec.planned_shards, rec.shards_done = shards, 0
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
    if not waiting and rec.planned_shards is not None:
        merge(settings, reporter, recording_id)
        return
    for index in waiting:  # a shard already running with a fresh heartbeat skips the message
        send("shard", reporter.job_id, index)
