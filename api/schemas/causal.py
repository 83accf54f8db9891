"""Patching and attribution over time (SPEC 13): requests with their defaults, and answers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from api.schemas.fields import (
    MAX_INT,
    MAX_LAYER,
    MAX_UNIT,
    ClusterIndex,
    RecordId,
    SeedField,
    StateName,
    Strict,
)

UnitList = Annotated[
    list[Annotated[int, Field(ge=0, le=MAX_UNIT)]] | None,
    Field(max_length=5000, description="these units of (layer, state); or coclustering_id + unit_cluster"),
]
ChipOf = Annotated[
    RecordId | None,
    Field(description="a co-clustering of this model: its chip unit_cluster, its layer and state"),
]
ChipIndex = Annotated[ClusterIndex | None, Field(description="with coclustering_id: the memory chip")]
LayerChoice = Annotated[
    int | None,
    Field(ge=0, le=MAX_LAYER, description="the layer, 0 the lowest; default the co-clustering's, or the top"),
]
StateChoice = Annotated[
    StateName | None, Field(description="h, or c of an LSTM; default the co-clustering's, or h")
]


class PatchRequest(Strict):
    source_text: str = Field(min_length=1, description="the text whose units' values are patched in")
    target_text: str = Field(min_length=1, description="the text read, its chosen units patched")
    units: UnitList = None
    coclustering_id: ChipOf = None
    unit_cluster: ChipIndex = None
    layer: LayerChoice = None
    state: StateChoice = None
    steps: list[Annotated[int, Field(ge=0, le=MAX_INT)]] | None = Field(
        None,
        max_length=20_000,
        description="the target's steps patched (0-based token indices); default every step the "
        "source reaches, the two texts aligned from their ends",
    )
    output: (
        Annotated[int, Field(ge=0, le=MAX_INT)] | Annotated[str, Field(min_length=1, max_length=200)] | None
    ) = Field(
        None,
        description="the output read after the target's last token: a token id or the word itself "
        "(language model), a class index or its label (classifier); default the target's most "
        "likely before patching",
    )
    controls: int = Field(20, ge=0, le=100, description="random unit sets of the same size, patched alike")
    seed: SeedField = 0


class AttributeRequest(Strict):
    text: str = Field(min_length=1, description="the text read, tokenized as the model's corpora are")
    units: UnitList = None
    coclustering_id: ChipOf = None
    unit_cluster: ChipIndex = None
    layer: LayerChoice = None
    state: StateChoice = None
    step: int | None = Field(
        None,
        ge=0,
        le=MAX_INT,
        description="the step (0-based token index) whose state is explained; default the last",
    )
    n_steps: int = Field(32, ge=1, le=256, description="quadrature nodes of the integral over the path")


class OutputValue(BaseModel):
    logit: float
    probability: float


class ControlStatistic(BaseModel):
    logit: float | None
    probability: float | None


class PatchControls(BaseModel):
    units: list[list[int]] = Field(description="each control's random units (as many as the units patched)")
    delta_logit: list[float] = Field(description="each control's change of the output's logit")
    delta_probability: list[float]
    mean: ControlStatistic
    std: ControlStatistic = Field(description="the controls' standard deviation (ddof 1)")
    z: ControlStatistic = Field(
        description="(delta - mean) / std; null with fewer than two controls or std 0"
    )


class PatchOut(BaseModel):
    model_id: int
    coclustering_id: int | None
    unit_cluster: int | None
    task: str
    source_tokens: list[str]
    target_tokens: list[str]
    layer: int
    state: str
    units: list[int]
    steps: list[int] = Field(description="the target's steps patched")
    offset: int = Field(description="target step t took the source's step t - offset (aligned from the end)")
    output: int
    label: str = Field(description="the output's token or class name")
    output_chosen: str = Field(description="'given', or how the default output was chosen")
    before: OutputValue = Field(description="the output after the target's last token, unpatched")
    after: OutputValue = Field(description="the same with the units patched")
    delta_logit: float
    delta_probability: float
    controls: PatchControls


class AttributionOut(BaseModel):
    model_id: int
    coclustering_id: int | None
    unit_cluster: int | None
    tokens: list[str] = Field(description="every token of the text")
    layer: int
    state: str
    units: list[int]
    step: int
    attributions: list[float] = Field(description="tokens 0..step: each one's part of value - baseline")
    value: float = Field(description="the units' summed state at step")
    baseline: float = Field(description="the same with every embedding 0")
    completeness_error: float = Field(description="sum(attributions) - (value - baseline)")
    n_steps: int
    method: str
