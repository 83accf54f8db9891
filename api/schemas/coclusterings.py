"""Co-clusterings (SPEC 4), scans of k, ablations, quality and edits (SPEC 9)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.schemas.fields import (
    MAX_INT,
    ClusterIndex,
    CoLayer,
    CoMinCount,
    CoMode,
    CoState,
    CoTopWords,
    MaxTokens,
    ProjectField,
    RecordId,
    SeedField,
    SharedInto,
    Status,
    Strict,
    WordList,
    WordSelection,
)
from services.clustering.verdict import CLEAR_RATIO, STABLE_ARI

ConsensusField = Annotated[
    bool,
    Field(
        description="with seeds >= 2: report the consensus of the seeds' subsampled runs (words and units "
        "grouped by how often the runs put them together) rather than one seed's labels; stability then "
        "also gives consensus_agreement with the consensus of the next seeds (SPEC 9)"
    ),
]


class CoclusteringCreate(Strict):
    layer: CoLayer = None
    state: CoState = "h"
    n_clusters: int = Field(8, ge=2, le=100, description="k: memory chips (unit clusters) and word clouds")
    top_words: CoTopWords = 500
    min_count: CoMinCount = 5
    mode: CoMode = "abs"
    seed: SeedField = 0
    word_selection: WordSelection = "frequent"
    words: WordList = None
    seeds: int = Field(
        1,
        ge=1,
        le=20,
        description="> 1: also co-cluster subsamples with the next seeds for confidence and stability",
    )
    consensus: ConsensusField = False
    project_id: ProjectField = None


class ScanCreate(Strict):
    layer: CoLayer = None
    state: CoState = "h"
    word_selection: WordSelection = "frequent"
    words: WordList = None
    top_words: CoTopWords = 500
    min_count: CoMinCount = 5
    mode: CoMode = "abs"
    k_min: int = Field(2, ge=2, le=100, description="the smallest k tried")
    k_max: int = Field(12, ge=2, le=100, description="the largest k tried")
    seeds: int = Field(5, ge=1, le=20, description="co-clusterings per k (subsamples after the first)")
    seed: SeedField = 0
    consensus: bool = Field(
        False,
        description="per k, the stability is the agreement (adjusted Rand) of two consensus co-clusterings "
        "from disjoint seed sets rather than of single seeds (twice the runs)",
    )
    project_id: ProjectField = None


class ScanResult(BaseModel):
    k: int
    modularity_mean: float
    modularity_std: float
    stability_units: float | None
    stability_words: float | None


class ScanOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    recording_id: int
    layer: int | None
    state: str
    word_selection: str
    words_listed: list[str] | None = None
    top_words: int
    min_count: int
    mode: str
    k_min: int
    k_max: int
    seeds: int
    seed: int
    consensus: bool = False
    error: str | None
    results: list[ScanResult] | None = None
    suggested_k: int | None = Field(
        None, description="the best mean modularity among the k whose stability is at least 0.8 of the best"
    )
    words: int | None = Field(None, description="how many words were co-clustered")
    owner_id: int
    project_id: SharedInto
    created_at: datetime


class AblationCreate(Strict):
    unit_cluster: ClusterIndex | None = Field(None, description="the memory chip whose units are ablated")
    units: list[Annotated[int, Field(ge=0, le=MAX_INT)]] | None = Field(
        None, max_length=5000, description="or these units of the co-clustering's layer"
    )
    corpus_id: RecordId | None = Field(None, description="default: the recording's corpus")
    method: Literal["freeze", "zero"] = Field(
        "freeze", description="freeze: the units keep their previous value (Δs = 0); zero: they are 0"
    )
    controls: int = Field(5, ge=0, le=50, description="random unit sets of the same size, for comparison")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="draws the controls")
    max_tokens: MaxTokens = None
    project_id: ProjectField = None


class AblationLoss(BaseModel):
    unablated: float = Field(description="mean next-token cross-entropy (nats), or a classifier's log-loss")
    ablated: float
    controls: list[float]
    perplexity: dict[str, Any] | None = Field(None, description="language models: exp of each loss")


class HurtWord(BaseModel):
    word: str
    count: int
    delta: float = Field(description="mean loss change after it (classifier: over sequences with it)")


class AblationOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    coclustering_id: int
    corpus_id: int
    unit_cluster: int | None
    units: list[int]
    layer: int
    method: str
    controls: int
    seed: int
    max_tokens: int | None = None
    error: str | None
    loss: AblationLoss | None = None
    delta_loss: list[float | None] | None = Field(None, description="per word cluster i: mean loss change")
    control_delta_loss_mean: list[float | None] | None = None
    control_delta_loss_std: list[float | None] | None = None
    z: list[float | None] | None = Field(None, description="(delta - control mean) / control std")
    cluster_counts: list[int] | None = Field(None, description="steps (or sequences) behind each delta")
    most_hurt: list[HurtWord] | None = Field(
        None,
        description="the words of the largest loss change, of those read at least most_hurt_min_count times",
    )
    most_hurt_min_count: int | None = Field(
        None,
        description="how often a word was read (steps or sequences) before it may be listed in most_hurt",
    )
    control_units: list[list[int]] | None = None
    tokens: int | None = None
    sequences: int | None = None
    accuracy: dict[str, Any] | None = Field(None, description="classifiers: overall and per class")
    owner_id: int
    project_id: SharedInto
    created_at: datetime


class CoclusteringQuality(BaseModel):
    modularity: float = Field(description="Barber's bipartite modularity of mode(M) (SPEC 9)")
    cluster_modularity: list[float] = Field(description="its term for each co-cluster")
    block_share: float = Field(description="share of the matrix's mass inside the co-clusters' blocks")
    block_share_random: float = Field(description="its expectation for random labels of the same sizes")
    band: Literal["flat", "weak", "clear"] = Field(
        description="flat: no better than random labels (within what co-clustering noise of this size "
        f"and mode gives); clear: at least {CLEAR_RATIO:g} times the noise's modularity; weak between "
        "(services/clustering/verdict.py)"
    )
    noise_modularity: float = Field(description="the modularity random responses of this size and mode reach")


class ConsensusAgreement(BaseModel):
    units: float = Field(description="adjusted Rand index of the unit labels with the next seeds' consensus")
    words: float = Field(description="the same for the word labels")


class CoclusteringStability(BaseModel):
    units: float = Field(description="mean pairwise adjusted Rand index of the unit labels across seeds")
    words: float = Field(description="the same for the word labels")
    consensus_agreement: ConsensusAgreement | None = Field(
        None, description="consensus co-clusterings: the agreement with a consensus of the next seeds"
    )
    stable: bool = Field(
        description=f"the two average at least {STABLE_ARI}: the chips do not change from seed to seed"
    )


class EditMove(Strict):
    word: str | None = Field(None, min_length=1, max_length=200, description="a word of the co-clustering")
    unit: int | None = Field(None, ge=0, le=MAX_INT, description="or a unit")
    to: ClusterIndex = Field(description="the cluster it moves to")


class EditSplit(Strict):
    cluster: ClusterIndex
    k: int = Field(2, ge=2, le=10, description="into how many parts")


class CoclusteringEdits(Strict):
    moves: list[EditMove] = Field([], max_length=5000, description="words or units moved, in order")
    merge: list[ClusterIndex] | None = Field(
        None, min_length=2, max_length=2, description="[i, j]: j joins i"
    )
    split: EditSplit | None = Field(None, description="one cluster co-clustered again into k parts")


class CoclusteringOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    recording_id: int
    label: str = Field(description="a readable name: its recording's and its settings")
    layer: int
    state: str
    n_clusters: int
    top_words: int
    min_count: int
    mode: str
    seed: int
    error: str | None
    unit_labels: list[int] | None = None
    words: list[str] | None = None
    word_labels: list[int] | None = None
    unit_clusters: list[list[int]] | None = None
    word_clusters: list[list[int]] | None = None
    edges: list[list[float]] | None = Field(
        None,
        description="[k][k]: edges[i][j] = mean signed response over word cluster (cloud) i x unit "
        "cluster (memory chip) j (SPEC 4)",
    )
    word_strength: list[float] | None = None
    unit_strength: list[float] | None = Field(
        None, description="mean signed response of each unit over its own cloud's words"
    )
    word_counts: list[int] | None = Field(None, description="how often each word was seen in the recording")
    word_selection: str = "frequent"
    words_listed: list[str] | None = Field(None, description="word_selection list: the words asked for")
    seeds: int = 1
    consensus: bool = False
    quality: CoclusteringQuality | None = None
    unit_confidence: list[float] | None = Field(None, description="seeds > 1: share of seeds agreeing")
    word_confidence: list[float] | None = None
    stability: CoclusteringStability | None = None
    parent_id: int | None = Field(None, description="an edited co-clustering: the one it was made from")
    edits: CoclusteringEdits | None = None
    dropped: dict[str, list[Any]] | None = None
    owner_id: int
    project_id: SharedInto
    created_at: datetime


class ChipHalfLivesOut(BaseModel):
    """SPEC 13: a memory chip's half-life is the median of its units' (a unit that holds its words
    longer than the trace counts as longer than any); null when that median is such a unit."""

    recording_id: int
    layer: int
    state: str
    depth: int = Field(description="the recording's trace: half-lives are within 1..depth")
    chips: list[float | None] = Field(description="[k]: each unit cluster's half-life")
    units: list[float | None] = Field(description="[H]: each unit's half-life")
