"""What each of the web client's views draws, read with the client as the web client reads it: the
records the notebook widgets hand their charts (rnnvis_client.widgets) and the figures
`Client.figure` writes (rnnvis_client.figures). Needs nothing beyond the client itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnnvis_client.errors import Conflict

if TYPE_CHECKING:
    from rnnvis_client.connection import Connection


def finished(api: Connection, what: str, path: str) -> dict[str, Any]:
    """A record as the web client reads it; Conflict while its job has not succeeded."""
    body: dict[str, Any] = api.get(path)
    if body.get("status", "succeeded") != "succeeded":
        raise Conflict(409, f"{what} is {body['status']}: a view draws finished results", "GET", path)
    return body


def cocluster_view(api: Connection, coclustering_id: int) -> dict[str, Any]:
    co = finished(api, f"co-clustering {coclustering_id}", f"/coclusterings/{coclustering_id}")
    return {"coclustering": co, "responses": [], "half_lives": None}


def unit_view(
    api: Connection, recording_id: int, unit: int, layer: int | None, state: str | None, k: int | None
) -> dict[str, Any]:
    recording = finished(api, f"recording {recording_id}", f"/recordings/{recording_id}")
    words = api.get(f"/recordings/{recording_id}/units/{unit}/words", layer=layer, state=state, k=k)
    trace = None
    if (recording.get("options") or {}).get("trace"):
        where = {"layer": words["layer"], "state": words["state"]}
        trace = api.get(f"/recordings/{recording_id}/trace/units/{unit}", **where)
    return {"unit": unit, "layer": words["layer"], "state": words["state"], "words": words, "trace": trace}


def sentence_view(
    api: Connection, model_id: int, text: str, coclustering_id: int | None, output: int | None
) -> dict[str, Any]:
    co = None
    if coclustering_id is not None:
        co = finished(api, f"co-clustering {coclustering_id}", f"/coclusterings/{coclustering_id}")
    body = {"text": text, "coclustering_id": coclustering_id, "output": output}
    evaluation = api.post(f"/models/{model_id}/evaluate", body)
    # the states are the bulk of the answer and the view draws none of them
    evaluation = {key: value for key, value in evaluation.items() if key != "states"}
    return {"evaluation": evaluation, "coclustering": co}


def timeline_view(api: Connection, timeline_id: int) -> dict[str, Any]:
    return finished(api, f"timeline {timeline_id}", f"/timelines/{timeline_id}")
