"""The Client's methods for memory over time and cause (SPEC 13): a recording's trace and half-lives,
patching a chip's state from another text, and attribution over time. Client (rnnvis_client/client.py)
has them as its own; they live here so that each module holds one part of the API."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rnnvis_client.connection import Connection, fields_of
from rnnvis_client.models import AttributionOut, ChipHalfLivesOut, PatchOut, TraceOut, UnitTraceOut


def _floats(values: list[float | None] | list[list[float | None]] | None) -> np.ndarray:
    """A served list with nulls (no value) as float64 with nan."""
    return np.array([] if values is None else values, dtype=np.float64)


@dataclass(frozen=True)
class Trace:
    """A recording's trace of one (layer, state): trace_k(w) = E[s_{t+k} | x_t = w] - E[s_{t+k}].

    trace [depth + 1, H] and count [depth + 1] for `word` (None when no word was asked for), and every
    unit's half_life [H] (nan: the unit holds its top words longer than depth steps)."""

    layer: int
    state: str
    depth: int
    word: str | None
    count: np.ndarray | None
    trace: np.ndarray | None
    half_life: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """The word's trace: rows k = 0..depth, columns the units."""
        if self.trace is None:
            raise ValueError("no word was asked for: trace(recording, word=...) reads one")
        return pd.DataFrame(
            self.trace,
            index=pd.RangeIndex(self.depth + 1, name="k"),
            columns=pd.RangeIndex(self.trace.shape[1], name="unit"),
        )

    @classmethod
    def from_model(cls, out: TraceOut) -> Trace:
        return cls(
            layer=out.layer,
            state=out.state,
            depth=out.depth,
            word=out.word,
            count=None if out.count is None else np.array(out.count, dtype=np.int64),
            trace=None if out.trace is None else _floats(out.trace),
            half_life=_floats(out.half_life),
        )


@dataclass(frozen=True)
class UnitTrace:
    """One unit's half-life (None: longer than depth) and its top words' trace curves."""

    unit: int
    layer: int
    state: str
    depth: int
    half_life: float | None
    mean: np.ndarray  # [depth + 1]: the mean |trace_k| over the top words
    curves: pd.DataFrame  # rows k = 0..depth, one column per top word (largest |trace_0| first)

    @classmethod
    def from_model(cls, out: UnitTraceOut) -> UnitTrace:
        curves = pd.DataFrame(
            {w.word: _floats(w.trace) for w in out.words}, index=pd.RangeIndex(out.depth + 1, name="k")
        )
        return cls(out.unit, out.layer, out.state, out.depth, out.half_life, _floats(out.mean), curves)


class MemoryMethods:
    """SPEC 13's reads and questions (Client inherits them)."""

    _api: Connection

    def trace(
        self, recording_id: int, word: str | None = None, layer: int | None = None, state: str | None = None
    ) -> Trace:
        """A traced word's trace (one of the recording's top_words) and every unit's half-life;
        the recording must have been made with trace=1..32."""
        query = fields_of(locals(), besides=("recording_id",))
        return Trace.from_model(
            TraceOut.model_validate(self._api.get(f"/recordings/{recording_id}/trace", **query))
        )

    def unit_trace(
        self, recording_id: int, unit: int, layer: int | None = None, state: str | None = None
    ) -> UnitTrace:
        """A unit's half-life and how its top words fade: UnitTrace.curves (k x words)."""
        query = fields_of(locals(), besides=("recording_id", "unit"))
        body = self._api.get(f"/recordings/{recording_id}/trace/units/{unit}", **query)
        return UnitTrace.from_model(UnitTraceOut.model_validate(body))

    def half_lives(self, coclustering_id: int) -> ChipHalfLivesOut:
        """Each memory chip's half-life (the median of its units'; None: longer than the trace)."""
        return ChipHalfLivesOut.model_validate(self._api.get(f"/coclusterings/{coclustering_id}/half-lives"))

    def patch(
        self,
        model_id: int,
        source_text: str,
        target_text: str,
        *,
        units: list[int] | None = None,
        coclustering_id: int | None = None,
        unit_cluster: int | None = None,
        layer: int | None = None,
        state: str | None = None,
        steps: list[int] | None = None,
        output: int | str | None = None,
        controls: int | None = None,
        seed: int | None = None,
    ) -> PatchOut:
        """Read target_text with the chosen units' state (units, or a chip: coclustering_id and
        unit_cluster) taken from source_text at the same steps (aligned from the end): the output's
        logit and probability before and after, beside `controls` random unit sets of the same size
        (their mean, std and z). output: a token id or the word (a class index or its label).
        Options left out take the server's defaults."""
        body = fields_of(locals(), besides=("model_id",))
        return PatchOut.model_validate(self._api.post(f"/models/{model_id}/patch", body))

    def attribute(
        self,
        model_id: int,
        text: str,
        *,
        units: list[int] | None = None,
        coclustering_id: int | None = None,
        unit_cluster: int | None = None,
        layer: int | None = None,
        state: str | None = None,
        step: int | None = None,
        n_steps: int | None = None,
    ) -> AttributionOut:
        """How much each earlier token gives the chosen units' summed state at `step` (integrated
        gradients over the token embeddings), with the completeness error beside."""
        body = fields_of(locals(), besides=("model_id",))
        return AttributionOut.model_validate(self._api.post(f"/models/{model_id}/attribute", body))
