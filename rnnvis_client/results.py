"""Results as numpy arrays, each with a pandas view (to_frame and friends)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rnnvis_client.errors import UnknownChannel

QUANTILE_LEVELS = (9, 25, 50, 75, 91)


@dataclass(frozen=True)
class WordResponse:
    """E[response | word] of every unit of one layer and state, with its distribution."""

    word: str
    layer: int
    state: str
    count: int
    mean: np.ndarray  # [H]
    std: np.ndarray  # [H]
    quantiles: dict[int, np.ndarray] | None  # level (9, 25, 50, 75, 91) -> [H]; None outside top_words

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> WordResponse:
        q = body.get("quantiles")
        return cls(
            word=body["word"],
            layer=body["layer"],
            state=body["state"],
            count=body["count"],
            mean=np.asarray(body["mean"], dtype=np.float64),
            std=np.asarray(body["std"], dtype=np.float64),
            quantiles=None if q is None else {int(k): np.asarray(v, dtype=np.float64) for k, v in q.items()},
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: mean, std and the quantiles (NaN outside top_words)."""
        columns: dict[str, Any] = {"mean": self.mean, "std": self.std}
        for level in QUANTILE_LEVELS:
            columns[f"q{level}"] = self.quantiles[level] if self.quantiles else np.nan
        return pd.DataFrame(columns, index=pd.RangeIndex(len(self.mean), name="unit"))


@dataclass(frozen=True)
class Matrix:
    """E[response | word] of the most frequent words: mean[N, H], row i is words[i]."""

    layer: int
    state: str
    words: list[str]
    counts: np.ndarray  # [N]
    mean: np.ndarray  # [N, H]

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Matrix:
        return cls(
            layer=body["layer"],
            state=body["state"],
            words=body["words"],
            counts=np.asarray(body["counts"], dtype=np.int64),
            mean=np.asarray(body["mean"], dtype=np.float64),
        )

    def to_frame(self) -> pd.DataFrame:
        """Rows are words, columns are units."""
        return pd.DataFrame(
            self.mean,
            index=pd.Index(self.words, name="word"),
            columns=pd.RangeIndex(self.mean.shape[1] if self.mean.ndim == 2 else 0, name="unit"),
        )


def unit_words_frame(body: dict[str, Any]) -> pd.DataFrame:
    """A unit's salient words (GET /recordings/{id}/units/{u}/words) as a DataFrame: sign, word,
    count, mean, score, std, q9 ... q91 (NaN outside the recording's top_words)."""
    quantiles = [f"q{level}" for level in QUANTILE_LEVELS]
    rows = []
    for sign, key in (("+", "positive"), ("-", "negative")):
        for w in body[key]:
            q = w.get("quantiles") or {}
            row = {"sign": sign, "word": w["word"], "count": w["count"], "mean": w["mean"]}
            row |= {"score": w["score"], "std": w["std"]}
            rows.append(row | {f"q{level}": q.get(str(level)) for level in QUANTILE_LEVELS})
    columns = ["sign", "word", "count", "mean", "score", "std", *quantiles]
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(quantiles, float))


@dataclass(frozen=True)
class RecordingStatistics:
    """Every statistic of a recording (its NPZ export); channel c is (layers[c], states[c])."""

    meta: dict[str, Any]
    words: np.ndarray  # [W] by frequency rank
    counts: np.ndarray  # [W]
    layers: np.ndarray  # [C]
    states: np.ndarray  # [C]
    mean: np.ndarray  # [C, W, H] float32
    std: np.ndarray  # [C, W, H]
    quantile_levels: np.ndarray  # [5]
    quantile_words: np.ndarray  # [Wq] indices into words that have quantiles
    quantiles: np.ndarray  # [C, Wq, 5, H]
    # SPEC 13, when the recording kept a trace: channel c of the trace is (trace_layers[c], trace_states[c])
    trace_words: np.ndarray | None = None  # [T] the traced words
    trace_counts: np.ndarray | None = None  # [T, depth + 1]
    trace_layers: np.ndarray | None = None  # [Ct]
    trace_states: np.ndarray | None = None  # [Ct]
    trace: np.ndarray | None = None  # [Ct, T, depth + 1, H] float32, nan: no step k later
    trace_half_life: np.ndarray | None = None  # [Ct, H], nan: longer than depth

    @classmethod
    def load(cls, source: bytes | str | Path) -> RecordingStatistics:
        """From an NPZ export: its bytes or its path (numpy.load, no pickles)."""
        file = io.BytesIO(source) if isinstance(source, bytes) else source
        with np.load(file, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(str(arrays.pop("meta")))
        return cls(meta=meta, **arrays)

    def channel(self, layer: int, state: str = "h") -> int:
        for c, (lay, st) in enumerate(zip(self.layers.tolist(), self.states.tolist(), strict=True)):
            if lay == layer and st == state:
                return c
        have = ", ".join(f"{lay}/{st}" for lay, st in zip(self.layers, self.states, strict=True))
        raise UnknownChannel(f"no layer {layer} state {state!r} in these statistics (they have {have})")

    def mean_frame(self, layer: int, state: str = "h") -> pd.DataFrame:
        """E[response | word]: rows are words, columns are units."""
        values = self.mean[self.channel(layer, state)]
        return pd.DataFrame(
            values,
            index=pd.Index(self.words, name="word"),
            columns=pd.RangeIndex(values.shape[1], name="unit"),
        )

    def to_frame(self, layer: int, state: str = "h") -> pd.DataFrame:
        """One row per (word, unit), the CSV export's columns for one channel."""
        c = self.channel(layer, state)
        words, hidden = len(self.words), self.mean.shape[2]
        frame = pd.DataFrame(
            {
                "rank": np.repeat(np.arange(words), hidden),
                "word": np.repeat(self.words, hidden),
                "count": np.repeat(self.counts, hidden),
                "unit": np.tile(np.arange(hidden), words),
                "mean": self.mean[c].reshape(-1),
                "std": self.std[c].reshape(-1),
            }
        )
        for j, level in enumerate(self.quantile_levels.tolist()):
            column = np.full((words, hidden), np.nan, dtype=np.float32)
            column[self.quantile_words] = self.quantiles[c, :, j, :]
            frame[f"q{level}"] = column.reshape(-1)
        return frame


@dataclass(frozen=True)
class Coclusters:
    """A finished co-clustering: memory chips (unit clusters), word clouds and their edges."""

    id: int
    recording_id: int
    layer: int
    state: str
    n_clusters: int
    unit_labels: np.ndarray  # [H] cluster of each unit (-1: left out)
    words: list[str]  # [W]
    word_labels: np.ndarray  # [W] cluster of each word (-1: left out)
    word_strength: np.ndarray  # [W] signed strength of each word in its cloud
    edges: np.ndarray  # [k, k]: edges[i, j] = mean signed response of unit cluster j to word cluster i
    dropped_units: list[int] = field(default_factory=list)
    dropped_words: list[str] = field(default_factory=list)
    # SPEC 9: modularity, cluster_modularity, block_share, block_share_random, and the server's verdict:
    # band ("flat", "weak" or "clear") beside noise_modularity (None: from before qualities were kept)
    quality: dict[str, Any] | None = None
    unit_confidence: np.ndarray | None = None  # [H] share of seeds agreeing (with seeds > 1)
    word_confidence: np.ndarray | None = None  # [W]
    stability: dict[str, Any] | None = None  # units, words: mean pairwise adjusted Rand; consensus_agreement
    parent_id: int | None = None  # an edited co-clustering: the one it was made from

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Coclusters:
        dropped = body.get("dropped") or {}

        def optional(key: str) -> np.ndarray | None:
            return None if body.get(key) is None else np.asarray(body[key], dtype=np.float64)

        return cls(
            id=body["id"],
            recording_id=body["recording_id"],
            layer=body["layer"],
            state=body["state"],
            n_clusters=body["n_clusters"],
            unit_labels=np.asarray(body["unit_labels"], dtype=np.int64),
            words=list(body["words"]),
            word_labels=np.asarray(body["word_labels"], dtype=np.int64),
            word_strength=np.asarray(body["word_strength"], dtype=np.float64),
            edges=np.asarray(body["edges"], dtype=np.float64),
            dropped_units=list(dropped.get("units", [])),
            dropped_words=list(dropped.get("words", [])),
            quality=body.get("quality"),
            unit_confidence=optional("unit_confidence"),
            word_confidence=optional("word_confidence"),
            stability=body.get("stability"),
            parent_id=body.get("parent_id"),
        )

    def units(self, cluster: int) -> np.ndarray:
        """The units of one memory chip."""
        return np.flatnonzero(self.unit_labels == cluster)

    def cloud(self, cluster: int, k: int | None = None) -> list[str]:
        """The words of one word cloud, strongest first."""
        members = np.flatnonzero(self.word_labels == cluster)
        order = members[np.argsort(-np.abs(self.word_strength[members]), kind="stable")]
        return [self.words[i] for i in order[:k]]

    def units_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"cluster": self.unit_labels}, index=pd.RangeIndex(len(self.unit_labels), name="unit")
        )

    def words_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"word": self.words, "cluster": self.word_labels, "strength": self.word_strength},
            index=pd.RangeIndex(len(self.words), name="rank"),
        )

    def edges_frame(self) -> pd.DataFrame:
        """Rows are word clusters (clouds), columns unit clusters (memory chips): edges[i][j] is the
        mean signed response of chip j's units to cloud i's words (SPEC 4)."""
        k = self.edges.shape[0]
        return pd.DataFrame(
            self.edges,
            index=pd.RangeIndex(k, name="word_cluster"),
            columns=pd.RangeIndex(self.edges.shape[1] if k else 0, name="unit_cluster"),
        )


@dataclass(frozen=True)
class Alignment:
    """Units of one recording matched one-to-one with another's by correlation (SPEC 6)."""

    recording_id: int
    other_id: int
    pairs: pd.DataFrame  # unit, other_unit, correlation; strongest first
    shared_words: list[str]

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Alignment:
        pairs = pd.DataFrame(body["pairs"], columns=["unit", "other_unit", "correlation"])
        return cls(body["recording_id"], body["other_id"], pairs, list(body["shared_words"]))


@dataclass(frozen=True)
class Evaluation:
    """A typed text read by a model (SPEC 5): states, predictions, glyphs, the output decomposition."""

    tokens: list[str]
    states: dict[tuple[int, str], np.ndarray]  # (layer, state) -> [T, H]
    predictions: list[list[tuple[str, float]]]  # per step: (token or class, probability)
    # the decomposition of one output's logit; None for a SPEC 11 model (decomposition_note says why)
    output: int | None
    label: str | None
    logit: float | None
    bias: float | None
    contributions: np.ndarray | None  # [T] u_i . Δh_t; bias + their sum = logit
    glyphs: dict[str, Any] | None
    raw: dict[str, Any]
    decomposition_note: str | None = None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Evaluation:
        d = body["decomposition"]
        if d is None:
            d = {"output": None, "label": None, "logit": None, "bias": None, "contributions": None}
        return cls(
            tokens=list(body["tokens"]),
            states={
                (s["layer"], s["state"]): np.asarray(s["values"], dtype=np.float64) for s in body["states"]
            },
            predictions=[[(p["token"], p["probability"]) for p in step] for step in body["predictions"]],
            output=d["output"],
            label=d["label"],
            logit=d["logit"],
            bias=d["bias"],
            contributions=None if d["contributions"] is None else np.asarray(d["contributions"], np.float64),
            glyphs=body.get("glyphs"),
            raw=body,
            decomposition_note=body.get("decomposition_note"),
        )

    def predictions_frame(self) -> pd.DataFrame:
        """One row per (step, prediction): the step's token, the prediction and its probability."""
        rows = [
            (t, self.tokens[t], rank, name, p)
            for t, step in enumerate(self.predictions)
            for rank, (name, p) in enumerate(step)
        ]
        return pd.DataFrame(rows, columns=["step", "token", "rank", "prediction", "probability"])

    def contributions_frame(self) -> pd.DataFrame:
        """Each step's share of the decomposed output's logit, and its factor exp(share)."""
        if self.contributions is None:
            raise ValueError(self.decomposition_note or "this evaluation has no decomposition")
        return pd.DataFrame(
            {
                "token": self.tokens,
                "contribution": self.contributions,
                "factor": np.exp(self.contributions),
            },
            index=pd.RangeIndex(len(self.tokens), name="step"),
        )
