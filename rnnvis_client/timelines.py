"""The Client's methods for a model's checkpoints and the timeline of its chips (issue 34). Client
(rnnvis_client/client.py) has them as its own; they live here so that each module holds one part of
the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from rnnvis_client.connection import Connection, fields_of
from rnnvis_client.models import CheckpointOut, ModelOut, TimelineOut
from rnnvis_client.uploads import model_parts


class TimelineMethods:
    """Checkpoints and timelines (Client inherits them)."""

    _api: Connection
    _follow: Callable[[dict[str, Any], str, bool, float | None], int]  # Client's: an id, its job followed

    def add_checkpoint(
        self,
        model_id: int,
        step: int,
        weights: str | Path | Any = None,
        vocab: str | Path | Iterable[str] | None = None,
        config: str | Path | Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        vocab_from: Sequence[str | Path] | str | Path | None = None,
        folder: str | Path | None = None,
    ) -> ModelOut:
        """Add a checkpoint saved at `step` to a model's series, in any form upload_model takes; it
        must have the model's architecture and vocabulary. It is a model of its own (its id goes to
        every analysis); the series is checkpoints(model_id)."""
        data = {"step": str(step)} | ({"name": name} if name is not None else {})
        opened: list[IO[bytes]] = []
        files = model_parts(weights, vocab, config, vocab_from, folder, opened)
        return ModelOut.model_validate(
            self._api.upload(f"/models/{model_id}/checkpoints", data, files, opened)
        )

    def checkpoints(self, model_id: int) -> list[CheckpointOut]:
        """A model's series, ordered by step (the model itself, step None, last)."""
        return [CheckpointOut.model_validate(c) for c in self._api.get(f"/models/{model_id}/checkpoints")]

    def follow_chips(
        self,
        model_id: int,
        corpus_id: int,
        *,
        layer: int | None = None,
        state: str | None = None,
        n_clusters: int | None = None,
        word_selection: str | None = None,
        words: list[str] | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
        mode: str | None = None,
        seed: int | None = None,
        seeds: int | None = None,
        consensus: bool | None = None,
        checkpoints: list[int] | None = None,
        max_tokens: int | None = None,
        threshold: float | None = None,
        wait: bool = False,
        timeout: float | None = None,
    ) -> TimelineOut:
        """A timeline: each checkpoint of the model's series recorded over the corpus (an existing
        recording is reused), co-clustered, and its chips linked to the next checkpoint's; per
        checkpoint its loss, quality, stability and chips, the links, events and word paths."""
        body = fields_of(locals(), besides=("model_id", "wait", "timeout"))
        accepted = self._api.post(f"/models/{model_id}/timelines", body)
        return self.timeline(self._follow(accepted, "timeline", wait, timeout))

    def timeline(self, timeline_id: int) -> TimelineOut:
        return self._api.one(TimelineOut, f"/timelines/{timeline_id}")

    def timelines(self, *, model_id: int | None = None, limit: int | None = None) -> list[TimelineOut]:
        return self._api.all(TimelineOut, "/timelines", limit, model_id=model_id)

    def delete_timeline(self, timeline_id: int) -> None:
        self._api.request("DELETE", f"/timelines/{timeline_id}")

    def export_timeline(
        self,
        timeline_id: int,
        target: str | Path | None = None,
        *,
        format: str | None = None,
        table: str | None = None,
    ) -> bytes | Path:
        """A timeline as JSON, or one CSV table: links, events or word_paths (docs/exports.md)."""
        params = fields_of(locals(), besides=("timeline_id", "target"))
        return self._api.download(f"/timelines/{timeline_id}/export", params, target)

    def timeline_frames(self, timeline_id: int) -> dict[str, pd.DataFrame]:
        """A finished timeline as tables: checkpoints (step, loss, modularity, stability), links,
        events and word_paths (a row per word, a column per checkpoint's step)."""
        found = self.timeline(timeline_id)
        points = found.checkpoints or []
        steps = ["last" if c.step is None else c.step for c in points]
        checkpoints = pd.DataFrame(
            {
                "model_id": [c.model_id for c in points],
                "step": [c.step for c in points],
                "loss": [c.loss for c in points],
                "modularity": [c.quality.get("modularity") for c in points],
                "stability_units": [(c.stability or {}).get("units") for c in points],
                "chips_with_units": [sum(chip.size > 0 for chip in c.chips) for c in points],
            }
        )
        return {
            "checkpoints": checkpoints,
            "links": pd.DataFrame([x.model_dump() for x in found.links or []]),
            "events": pd.DataFrame([x.model_dump() for x in found.events or []]),
            "word_paths": pd.DataFrame.from_dict(found.word_paths or {}, orient="index", columns=steps),
        }
