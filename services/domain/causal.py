"""Patching and attribution over time (SPEC 13): a model's text read by a worker while the API waits,
as sentence evaluation is. Which units: given, or a memory chip of a co-clustering of this model
(its units, layer and state)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.ablation.controls import control_overlap
from services.causal import not_yet
from services.database.tables import Coclustering, Job, Model, Recording
from services.domain.access import Caller, record
from services.domain.errors import Invalid, NotFinished, TooLarge
from services.domain.ports import Workers
from services.jobs.messages import AttributeQuestion, PatchQuestion
from services.settings import Settings


def patch(
    db: Session,
    user: Caller,
    settings: Settings,
    workers: Workers,
    model_id: int,
    source_text: str,
    target_text: str,
    units: list[int] | None,
    coclustering_id: int | None,
    unit_cluster: int | None,
    layer: int | None,
    state: str | None,
    steps: list[int] | None,
    output: int | str | None,
    controls: int,
    seed: int,
) -> dict[str, Any]:
    """The target text read with units of (layer, state) patched from the source text (SPEC 13)."""
    model = _model(db, user, settings, model_id, "patching", source_text, target_text)
    chosen, layer, state = _units(db, user, model, units, coclustering_id, unit_cluster, layer, state)
    overlap = control_overlap(len(chosen), model.hidden_size, controls)
    if overlap is not None:
        raise Invalid(overlap)
    db.close()  # the connection goes back to the pool while the worker reads
    question = PatchQuestion(
        model_id=model.id,
        source_text=source_text,
        target_text=target_text,
        layer=layer,
        state=state,
        units=chosen,
        steps=steps,
        output=output,
        controls=controls,
        seed=seed,
    )
    answer = workers.ask("patch", question, user.id)
    return {"model_id": model.id, "coclustering_id": coclustering_id, "unit_cluster": unit_cluster, **answer}


def attribute(
    db: Session,
    user: Caller,
    settings: Settings,
    workers: Workers,
    model_id: int,
    text: str,
    units: list[int] | None,
    coclustering_id: int | None,
    unit_cluster: int | None,
    layer: int | None,
    state: str | None,
    step: int | None,
    n_steps: int,
) -> dict[str, Any]:
    """Integrated gradients of the units' summed state at `step` over the tokens up to it (SPEC 13)."""
    model = _model(db, user, settings, model_id, "attribution", text)
    chosen, layer, state = _units(db, user, model, units, coclustering_id, unit_cluster, layer, state)
    if not chosen:
        raise Invalid("units must name at least one unit")
    db.close()
    question = AttributeQuestion(
        model_id=model.id, text=text, layer=layer, state=state, units=chosen, step=step, n_steps=n_steps
    )
    answer = workers.ask("attribute", question, user.id)
    return {"model_id": model.id, "coclustering_id": coclustering_id, "unit_cluster": unit_cluster, **answer}


def _model(db: Session, user: Caller, settings: Settings, model_id: int, what: str, *texts: str) -> Model:
    """The model, if the user may read it (404 otherwise), of a kind `what` reads, the texts within
    the sentence limit."""
    model = record(db, Model, model_id, user, "model")
    refusal = not_yet(model.cell, what)
    if refusal is not None:
        raise Invalid(refusal)
    if any(len(text) > settings.max_text_chars for text in texts):
        raise TooLarge(f"a text is longer than the limit of {settings.max_text_chars:,} characters")
    return model


def _units(
    db: Session,
    user: Caller,
    model: Model,
    units: list[int] | None,
    coclustering_id: int | None,
    unit_cluster: int | None,
    layer: int | None,
    state: str | None,
) -> tuple[list[int], int | None, str]:
    """(units, layer, state): the units given (layer, state as given, state default h), or a
    co-clustering's memory chip with its layer and state."""
    if (units is None) == (coclustering_id is None) or (coclustering_id is None) != (unit_cluster is None):
        raise Invalid("say which units: units, or coclustering_id with unit_cluster (one of the two)")
    if units is not None:
        if any(not 0 <= u < model.hidden_size for u in units):
            raise Invalid(f"units must be some of 0..{model.hidden_size - 1}")
        return sorted(set(units)), layer, state or "h"
    assert coclustering_id is not None and unit_cluster is not None
    co = record(db, Coclustering, coclustering_id, user, "co-clustering")
    rec = db.get(Recording, co.recording_id)
    if rec is None or rec.model_id != model.id:
        raise Invalid(f"co-clustering {co.id} is not of model {model.id}")
    if co.result is None:
        job = db.get(Job, co.job_id)
        raise NotFinished(f"co-clustering {co.id} is not finished (status {job.status if job else '?'})")
    chips = co.result["unit_clusters"]
    if not 0 <= unit_cluster < len(chips):
        raise Invalid(f"unit_cluster {unit_cluster} is not one of 0..{len(chips) - 1}")
    co_layer, co_state = co.params["layer"], co.params["state"]
    if (layer is not None and layer != co_layer) or (state is not None and state != co_state):
        raise Invalid(
            f"co-clustering {co.id} is of layer {co_layer} state {co_state!r}: leave layer and state "
            "out, or give units instead"
        )
    return sorted(chips[unit_cluster]), co_layer, co_state
