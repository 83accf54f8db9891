"""A figure's provenance (issue 35): what every export embeds in its metadata and its caption."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.domain.provenance import Kind


class FigureModel(BaseModel):
    id: int
    name: str
    step: int | None = Field(description="its step in a series of checkpoints, if it is one")
    weights_sha256: str | None = Field(description="the sha256 of its weights file, as uploaded")


class FigureCorpus(BaseModel):
    id: int
    name: str
    tokens: int


class Citation(BaseModel):
    bibtex: str = Field(description="the paper the analysis is from (Ming et al., VAST 2017)")
    data: str = Field(description="one line naming the model and data the figure shows")


class ProvenanceOut(BaseModel):
    kind: Kind
    id: int
    model: FigureModel | None
    corpus: FigureCorpus | None
    recording_id: int | None
    coclustering_id: int | None
    timeline_id: int | None
    layer: int | None
    state: str | None
    k: int | None = Field(description="memory chips (the co-clustering's n_clusters)")
    seed: int | None
    seeds: int | None
    consensus: bool | None
    word_selection: str | None = Field(description="the words co-clustered, in words")
    server_version: str
    created_at: str = Field(description="when the record was made (its analysis), ISO 8601, UTC")
    caption: str = Field(description="one line built from the fields above, for under a figure")
    cite: Citation
