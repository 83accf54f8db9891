"""Co-clusterings of a recording's units x words: memory chips, word clouds and their edges (SPEC 4)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.clustering import verdict
from services.clustering.edits import EditError, Edits, apply_edits
from services.clustering.results import cocluster_result
from services.database.tables import Coclustering, Job, Recording, utcnow
from services.domain import jobs, sharing
from services.domain.access import Caller, record
from services.domain.access import check_reader as check_read
from services.domain.errors import Invalid, NotFinished
from services.domain.labels import coclustering_label, edited_label
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Forget, Workers
from services.recording import as_channels, find_channel
from services.settings import Settings
from services.storage.statistics import coclustering_matrix, missing_words


def describe(co: Coclustering, job: Job) -> dict[str, Any]:
    """A co-clustering as the API answers it: its parameters, and its result once finished."""
    params = dict(co.params)
    listed = params.pop("words", None)  # the words asked for; `words` answers the words co-clustered
    fields = {
        "recording_id": co.recording_id,
        "label": co.label,
        **params,
        "words_listed": listed,
        "error": job.error,
        **verdict.judged(co.result or {}, params.get("mode", "abs")),
        "parent_id": co.parent_id,
        "edits": co.edits,
    }
    return jobs.describe_record(co, job, fields)


def check_consensus(params: dict[str, Any]) -> None:
    """SPEC 9's consensus is a vote of several runs: it needs seeds of at least 2."""
    if params.get("consensus") and params.get("seeds", 1) < 2:
        raise Invalid(
            "consensus needs seeds of at least 2: it is a vote of several runs "
            f"(seeds is {params.get('seeds', 1)})"
        )


MISSING_SHOWN = 20  # words named in the answer to a list with words the recording never saw


def check_word_selection(db: Session, rec: Recording, channel: int, params: dict[str, Any]) -> dict[str, Any]:
    """SPEC 9's word selection, checked: `list` needs words, every one seen by the recording;
    the other selections take none. Returns the params to keep (words only for a list)."""
    selection, words = params.get("word_selection", "frequent"), params.get("words")
    if selection != "list":
        if words:
            raise Invalid(f"words are given only with word_selection 'list', not {selection!r}")
        return {**params, "words": None}
    if not words:
        raise Invalid("word_selection 'list' needs words: the words to co-cluster")
    words = list(dict.fromkeys(words))
    missing = missing_words(db, rec.id, channel, words)
    if missing:
        shown = ", ".join(repr(w) for w in missing[:MISSING_SHOWN])
        more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
        raise Invalid(f"{len(missing)} of the listed words do not occur in recording {rec.id}: {shown}{more}")
    if params["n_clusters"] > len(words):
        raise Invalid(f"n_clusters={params['n_clusters']} is more than the {len(words)} listed words")
    return {**params, "words": words}


def recorded_channel(
    db: Session, user: Caller, recording_id: int, params: dict[str, Any]
) -> tuple[Recording, int, int]:
    """What a co-clustering or a scan of k reads: the user's finished recording, the layer asked
    (params' layer; None: the top one) and the channel of that layer and params' state."""
    rec = record(db, Recording, recording_id, user, "recording", "use")
    job = db.get_one(Job, rec.job_id)
    if job.status != "succeeded":
        raise NotFinished(f"recording {rec.id} has no statistics yet (status {job.status})")
    channels = as_channels(rec.channels or [])
    layer = max(c.layer for c in channels) if params.get("layer") is None else params["layer"]
    return rec, layer, find_channel(channels, layer, params["state"], f"recording {rec.id}")


def create(
    db: Session, user: Caller, recording_id: int, params: dict[str, Any], settings: Settings, workers: Workers
) -> tuple[Coclustering, Job]:
    """params: POST /recordings/{id}/coclusterings' body; layer None is the top layer. The same
    request as one queued, running or finished gets that one back, not a second copy of it."""
    params = dict(params)
    project_id = sharing.project_for_new(db, user, params.pop("project_id", None))
    rec, layer, channel = recorded_channel(db, user, recording_id, params)
    check_consensus(params)
    if params["n_clusters"] > rec.hidden_size:
        raise Invalid(f"n_clusters={params['n_clusters']} is more than the {rec.hidden_size} units")
    params = check_word_selection(db, rec, channel, {**params, "layer": layer})
    same = jobs.existing(db, Coclustering, user, params, recording_id=rec.id)
    if same is not None:
        return same
    label = coclustering_label(rec.label, params)
    co, job = jobs.start(
        db,
        user,
        "coclustering",
        lambda job: Coclustering(
            owner_id=user.id,
            project_id=project_id,
            recording_id=rec.id,
            job_id=job.id,
            params=params,
            label=label,
        ),
        settings,
        workers,
    )
    sharing.created(db, user, co, (rec,))
    return co, job


def list_coclusterings(
    db: Session,
    user: Caller,
    paging: Paging,
    status: str | None = None,
    recording_id: int | None = None,
    shared: Shared | None = None,
) -> PageOf[Any]:
    return jobs.list_with_jobs(db, user, Coclustering, paging, status, shared, recording_id=recording_id)


def get(db: Session, user: Caller, coclustering_id: int) -> tuple[Coclustering, Job]:
    return jobs.with_job(db, user, Coclustering, coclustering_id, "co-clustering")


def read(db: Session, user: Caller, coclustering_id: int) -> tuple[int, dict[str, Any]]:
    """(owner id, the co-clustering as the API answers it)."""
    co, job = get(db, user, coclustering_id)
    return co.owner_id, describe(co, job)


def delete(db: Session, user: Caller, coclustering_id: int, forget: Forget) -> None:
    co = record(db, Coclustering, coclustering_id, user, "co-clustering", "manage")
    sharing.check_no_dependents(db, co, "co-clustering")
    sharing.deleted(db, user, co)
    forget("coclustering", [co.id])
    jobs.cancel_jobs(db, [co.job_id])
    db.delete(co)
    db.commit()


def check_reader(db: Session, user: Caller, owner_id: int, coclustering_id: int) -> None:
    """NotFound unless the user may read a co-clustering of this owner (a result kept from before)."""
    check_read(db, user, Coclustering, coclustering_id, owner_id, "co-clustering")


def edit(db: Session, user: Caller, coclustering_id: int, edits: dict[str, Any]) -> tuple[Coclustering, Job]:
    """A new co-clustering: this one with the edits applied (SPEC 9), recomputed from the same
    matrix; the original is never changed."""
    parent = record(db, Coclustering, coclustering_id, user, "co-clustering", "use")
    job = db.get_one(Job, parent.job_id)
    if job.status != "succeeded" or parent.result is None:
        raise NotFinished(f"co-clustering {parent.id} has no result yet (status {job.status})")
    rec = db.get_one(Recording, parent.recording_id)
    words, matrix, counts = coclustering_matrix(db, rec, parent.params)
    if words != parent.result["words"]:
        raise Invalid(f"co-clustering {parent.id}'s words are no longer those of its recording")
    try:
        chips = apply_edits(
            matrix,
            parent.params["mode"],
            words,
            parent.result["word_labels"],
            parent.result["unit_labels"],
            parent.result.get("n_clusters", parent.params["n_clusters"]),
            Edits(moves=edits.get("moves") or [], merge=edits.get("merge"), split=edits.get("split")),
            seed=parent.params.get("seed", 0),
        )
    except EditError as exc:
        raise Invalid(f"edit refused: {exc}") from exc
    done = Job(owner_id=user.id, kind="coclustering", status="succeeded", progress=1.0, finished_at=utcnow(),
               message=f"edited from co-clustering {parent.id}")  # fmt: skip
    db.add(done)
    db.flush()
    child = Coclustering(
        owner_id=user.id,
        recording_id=rec.id,
        job_id=done.id,
        params={**parent.params, "seeds": 1},
        label=edited_label(parent.label, edits),
        result=cocluster_result(words, matrix, chips, counts),
        parent_id=parent.id,
        edits=edits,
    )
    db.add(child)
    db.commit()
    sharing.created(db, user, child, (parent,))
    return child, done
