"""What a sharded recording keeps in the artifact store (its plan, one partial per shard) and the
inputs every part reads; the job's progress marks."""

from __future__ import annotations

import logging
from pathlib import Path

from services.database.session import session_scope
from services.database.tables import Corpus, Model, Recording
from services.errors import UserError
from services.jobs.running import corpus_path, database, load_stored_model, recording_options
from services.models import LoadedModel
from services.recording import RecordingOptions
from services.recording.shards import ShardPlan
from services.settings import Settings
from services.storage.artifacts import ArtifactStore
from services.storage.objects import StoreUnavailable

log = logging.getLogger(__name__)
PLANNED = 0.02  # the job's progress once the shards are planned; shards fill up to MERGING
MERGING = 0.95
KIND = "recordings"  # the artifact store's folder for the plan and the partials
PLAN_FILE = "plan.npz"


def shard_file(index: int) -> str:
    return f"shard-{index:03d}.bin"


def read_inputs(
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


def phases(started: float, clock: list[tuple[str, float]]) -> str:
    """'inputs_s=0.31 record_s=80.20 ...': each phase's seconds, for the log and benchmarks/scaling.py."""
    marks = [started, *(t for _, t in clock)]
    return " ".join(f"{name}_s={marks[i + 1] - marks[i]:.2f}" for i, (name, _) in enumerate(clock))


def forget_files(store: ArtifactStore, recording_id: int) -> None:
    try:
        store.remove(KIND, recording_id)
    except StoreUnavailable as exc:
        log.warning("recording %s: its shard files stay in the artifact store: %s", recording_id, exc)
