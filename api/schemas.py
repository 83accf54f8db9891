"""Request and response bodies of the API (pydantic); field names follow SPEC 7. Grouped by
resource, in the order of the sections below; openapi.json, client/models.py (generated, not to be
edited) and web/src/generated come from these classes (`make api-schema`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
Status = Literal["queued", "running", "succeeded", "failed", "cancelled"]
SalienceScore = Literal[
    "shrunk", "mean"
]  # how a unit's words are ranked (services.storage.statistics.salience)
VocabOrder = Literal["first_appearance"]  # services.models.vocabulary.VOCAB_ORDERS (a test compares)
StateName = Literal["h", "c", "gate_i", "gate_f", "gate_o", "gate_r", "gate_z"]


# Every integer a request carries is bounded (a test walks the schema): PostgreSQL's integer
# columns hold 32 bits, and an unbounded count reaches the database as an overflow.
MAX_INT = 2**31 - 1
MAX_LAYER = 100
MAX_UNIT = 100_000
RecordId = Annotated[int, Field(ge=1, le=MAX_INT, description="a record's id")]
ClusterIndex = Annotated[int, Field(ge=0, le=100)]
IdPath = Annotated[int, Path(ge=1, le=MAX_INT, description="a record's id")]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_INT, description="only those of this record")]
LayerQuery = Annotated[int, Query(ge=0, le=MAX_LAYER, description="the layer, 0 the lowest")]
StateQuery = Annotated[
    str,
    Query(max_length=20, description="h, c (LSTM), or a gate (gate_i, gate_f, ...) when recorded with gates"),
]
MinCount = Annotated[int, Query(ge=1, le=MAX_INT, description="words seen at least this often")]
StatusFilter = Annotated[Status | None, Query(description="only those in this state")]
SeedField = Annotated[
    int, Field(ge=0, le=2**32 - 1, description="the random seed: the same seed, the same result")
]
# what a co-clustering or a scan of k reads from a recording (SPEC 4, 9); one definition for both
CoLayer = Annotated[int | None, Field(ge=0, le=100, description="the layer; default the top one")]
CoState = Annotated[StateName, Field(description="the state: h, c (LSTM), or a gate recorded with gates")]
CoTopWords = Annotated[
    int, Field(ge=2, le=5000, description="how many words: the most frequent (or salient) ones")
]
CoMinCount = Annotated[int, Field(ge=1, le=MAX_INT, description="words seen fewer times are left out")]
CoMode = Annotated[
    Literal["abs", "positive", "negative", "raw"],
    Field(
        description="what is co-clustered: abs |E[Δs|w]|, positive or negative its part of that sign, "
        "raw the signed value shifted to be non-negative"
    ),
]
WordSelection = Annotated[
    Literal["frequent", "salient", "list"],
    Field(
        description="frequent: the top_words most frequent words seen min_count times; salient: among "
        "those, the top_words of largest mean |E[Δs|word]|; list: `words` (every one must occur)"
    ),
]
WordList = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=200)]] | None,
    Field(max_length=5000, description="word_selection list: the words"),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is a 422, not silently ignored


# -- models and the training history they carry ---------------------------------------------


class EpochMetrics(BaseModel):
    epoch: int
    train_loss: float = Field(description="mean training loss of the epoch")
    validation_loss: float | None = Field(description="mean cross-entropy on the held-out text, nats")
    validation_accuracy: float | None = Field(description="top-1 accuracy: next word, or class")
    validation_perplexity: float | None = Field(description="language models: exp(validation_loss)")
    balanced_accuracy: float | None = Field(description="classifiers: mean recall over classes")


class BaselineMetrics(BaseModel):
    name: str = Field(description="unigram word frequencies, or always answering the commonest label")
    loss: float
    accuracy: float
    perplexity: float | None = None
    balanced_accuracy: float | None = None


class PredictedShare(BaseModel):
    word: str
    share: float = Field(description="fraction of the held-out words after which it was the top guess")


class TrainingMetrics(BaseModel):
    """A training's history (services/training/quality.py). Trainings from before histories were
    kept carry train_loss, validation_loss and validation_accuracy only."""

    task: str | None = None
    train_loss: list[float] = Field(description="mean training loss of each epoch")
    validation_loss: float | None = None
    validation_accuracy: float | None = None
    validation_perplexity: float | None = None
    balanced_accuracy: float | None = None
    steps: list[int] = Field([], description="the last step each step_loss point covers (at most 256)")
    step_loss: list[float] = Field([], description="training loss, mean over consecutive steps")
    epochs: list[EpochMetrics] = []
    baseline: BaselineMetrics | None = None
    most_predicted: PredictedShare | None = Field(
        None, description="language models: the commonest top guess on the held-out text"
    )


class ModelTraining(BaseModel):
    id: int
    corpus_id: int
    metrics: TrainingMetrics | None
    warning: str | None = Field(description="set when the model did no better than its baseline")


class VocabText(BaseModel):
    name: str = Field(description="the file name it was uploaded with")
    bytes: int
    sha256: str


class VocabSource(BaseModel):
    """Where a model's vocabulary came from (SPEC 1)."""

    kind: Literal["vocab.txt", "vocab.json", "training text", "training corpus"]
    order: VocabOrder | None = Field(
        None, description="training text: ids in order of first appearance, <eos> after each line"
    )
    texts: list[VocabText] = Field([], description="training text: the files read, in order")
    corpus_id: int | None = Field(None, description="training corpus: the corpus the server trained on")


class ModelOut(BaseModel):
    id: int
    name: str
    cell: str
    num_layers: int
    hidden_size: int
    embedding_size: int
    vocab_size: int
    task: str
    num_classes: int | None
    tokenizer: str
    lowercase: bool
    labels: list[str] | None
    files: dict[str, Any]
    weights_form: str | None = Field(
        description="how the weights file held the weights, e.g. 'module pickle of model.RNNModel' "
        "(null: not recorded, an upload before this was kept)"
    )
    vocab_source: VocabSource
    training: ModelTraining | None = Field(description="the training that made it, if one did")
    owner_id: int
    created_at: datetime


# -- corpora, jobs --------------------------------------------------------------------------


class CorpusOut(BaseModel):
    id: int
    name: str
    format: str
    num_sequences: int
    num_tokens: int
    labels: list[str] | None
    files: dict[str, Any]
    owner_id: int
    created_at: datetime


class JobOut(BaseModel):
    id: int
    kind: str
    status: Status
    progress: float
    message: str
    error: str | None
    cancel_requested: bool
    attempts: int
    owner_id: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class Accepted(BaseModel):
    id: int
    status: Status
    job_id: int


# -- recordings and their statistics (SPEC 3) ------------------------------------------------


class RecordingCreate(Strict):
    model_id: RecordId
    corpus_id: RecordId
    sequence_mode: Literal["lines", "stream"] = Field(
        "lines",
        description="lines: each line a sequence from the zero state; stream: the lines joined and cut "
        "into segments of segment_length tokens",
    )
    segment_length: int = Field(1000, ge=1, le=100_000, description="stream mode: tokens per sequence")
    max_tokens: int | None = Field(
        None, ge=1, le=MAX_INT, description="read at most this many tokens; default all"
    )
    top_words: int = Field(
        300, ge=1, le=5000, description="the most frequent words whose responses keep quantiles (box plots)"
    )
    gates: bool = Field(False, description="also record gate activations (LSTM i, f, o; GRU r, z)")
    seed: SeedField = 0
    tokenizer: Literal["whitespace", "words", "chars"] | None = Field(
        None, description="how text is cut into tokens; default the model's"
    )
    lowercase: bool | None = Field(None, description="lowercase the text first; default the model's")
    shards: int | None = Field(
        None,
        ge=1,
        le=256,
        description="record in this many parts, each on whichever batch worker takes it, merged into the "
        "same statistics (SPEC 10); null: one per RNNVIS_SHARD_TOKENS tokens. Never more than the corpus "
        "has batching windows (4,096 sequences each)",
    )


class RecordingOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    label: str = Field(description="a readable name: its model on its corpus")
    model_id: int
    corpus_id: int
    options: dict[str, Any]
    layers: list[int]
    states: list[str]
    hidden_size: int
    num_sequences: int | None
    tokens: int | None
    unk_tokens: int | None
    dropped_tokens: int | None
    words: int | None
    quantile_words: int | None
    shards: int | None = Field(
        description="the parts it is recorded in (1: whole); null until the words are counted"
    )
    shards_done: int = Field(description="parts recorded so far")
    error: str | None
    owner_id: int
    created_at: datetime


class WordResponseOut(BaseModel):
    word: str
    layer: int
    state: str
    count: int
    mean: list[float]
    std: list[float]
    quantiles: dict[str, list[float]] | None = Field(
        description="'9', '25', '50', '75', '91' -> [H]; null for a word outside the recording's top_words"
    )


class UnitWord(BaseModel):
    word: str
    count: int
    mean: float
    score: float = Field(
        description="what the words are ranked by: the mean, shrunk by the count when score=shrunk"
    )
    std: float
    quantiles: dict[str, float] | None


class UnitWordsOut(BaseModel):
    unit: int
    layer: int
    state: str
    score: SalienceScore
    prior_count: int | None = Field(description="the shrinkage's prior count (score=shrunk), else null")
    positive: list[UnitWord]
    negative: list[UnitWord]


class MatrixOut(BaseModel):
    layer: int
    state: str
    words: list[str]
    counts: list[int]
    mean: list[list[float]]


# -- co-clusterings (SPEC 4), scans, ablations, quality and edits (SPEC 9) --------------------


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
    error: str | None
    results: list[ScanResult] | None = None
    suggested_k: int | None = Field(
        None, description="the best mean modularity among the k whose stability is at least 0.8 of the best"
    )
    words: int | None = Field(None, description="how many words were co-clustered")
    owner_id: int
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
    max_tokens: int | None = Field(None, ge=1, le=MAX_INT, description="read at most this many tokens")


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
    most_hurt: list[HurtWord] | None = None
    control_units: list[list[int]] | None = None
    tokens: int | None = None
    sequences: int | None = None
    accuracy: dict[str, Any] | None = Field(None, description="classifiers: overall and per class")
    owner_id: int
    created_at: datetime


class CoclusteringQuality(BaseModel):
    modularity: float = Field(description="Barber's bipartite modularity of mode(M) (SPEC 9)")
    cluster_modularity: list[float] = Field(description="its term for each co-cluster")
    block_share: float = Field(description="share of the matrix's mass inside the co-clusters' blocks")
    block_share_random: float = Field(description="its expectation for random labels of the same sizes")


class CoclusteringStability(BaseModel):
    units: float = Field(description="mean pairwise adjusted Rand index of the unit labels across seeds")
    words: float = Field(description="the same for the word labels")


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
    quality: CoclusteringQuality | None = None
    unit_confidence: list[float] | None = Field(None, description="seeds > 1: share of seeds agreeing")
    word_confidence: list[float] | None = None
    stability: CoclusteringStability | None = None
    parent_id: int | None = Field(None, description="an edited co-clustering: the one it was made from")
    edits: CoclusteringEdits | None = None
    dropped: dict[str, list[Any]] | None = None
    owner_id: int
    created_at: datetime


# -- alignment (SPEC 6), sentence evaluation (SPEC 5) ----------------------------------------


class UnitPair(BaseModel):
    unit: int
    other_unit: int
    correlation: float


class AlignmentOut(BaseModel):
    id: int
    recording_id: int
    other_id: int
    layer: int
    state: str
    other_layer: int
    other_state: str
    top_words: int
    pairs: list[UnitPair]
    shared_words: list[str]


class EvaluateRequest(Strict):
    text: str = Field(min_length=1, description="the text to read, tokenized as the model's corpora are")
    coclustering_id: RecordId | None = Field(
        None, description="a co-clustering of this model: glyphs per memory chip and step"
    )
    layer: int | None = Field(
        None, ge=0, le=100, description="the glyphs' layer; default the co-clustering's"
    )
    state: StateName | None = Field(None, description="the glyphs' state; default the co-clustering's")
    output: int | None = Field(
        None, ge=0, le=MAX_INT, description="the output whose logit is decomposed; default the top one"
    )


# -- trainings, users, errors ---------------------------------------------------------------


class TrainingCreate(Strict):
    corpus_id: RecordId
    name: str | None = Field(None, max_length=200, description="the model's name; default from the settings")
    task: Literal["language_model", "classifier"] = Field(
        "language_model", description="predict the next token, or a labeled corpus's label"
    )
    cell: Literal["lstm", "gru", "rnn_tanh", "rnn_relu"] = Field("lstm", description="the recurrent cell")
    num_layers: int = Field(1, ge=1, le=4, description="stacked recurrent layers")
    hidden_size: int = Field(64, ge=1, le=2048, description="units per layer")
    embedding_size: int = Field(64, ge=1, le=2048, description="the token embedding's size")
    epochs: int = Field(1, ge=1, le=100, description="passes over the training text")
    learning_rate: float = Field(3e-3, gt=0, le=10, description="Adam's learning rate")
    batch_size: int = Field(32, ge=1, le=4096, description="sequences per step")
    bptt: int = Field(35, ge=1, le=1000, description="language models: steps of backpropagation through time")
    max_vocab: int = Field(10000, ge=2, le=200_000, description="the most frequent tokens kept; others <unk>")
    min_count: int = Field(1, ge=1, le=MAX_INT, description="tokens seen fewer times become <unk>")
    tokenizer: Literal["whitespace", "words", "chars"] = Field("whitespace", description="how text is cut")
    lowercase: bool = Field(False, description="lowercase the text first")
    labels: list[str] | None = Field(
        None, description="classifiers: keep only these labels, in this order; default every label, sorted"
    )
    validation_fraction: float = Field(
        0.1, ge=0, le=0.9, description="the share of sequences held out for validation"
    )
    seed: SeedField = 0


class TrainingOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    corpus_id: int
    name: str
    options: dict[str, Any]
    model_id: int | None
    metrics: TrainingMetrics | None
    warning: str | None = Field(description="set when the model did no better than its baseline")
    error: str | None
    owner_id: int
    created_at: datetime


class UserOut(BaseModel):
    id: int
    name: str
    is_admin: bool
    created_at: datetime
    tokens: int = Field(description="how many API tokens and browser sessions the user holds")
    disabled: bool = Field(False, description="a disabled user's tokens and sessions are refused")
    has_password: bool = Field(False, description="the user can sign in to the web client with a password")
    sso_subject: str | None = Field(
        None, description="the single sign-on subject (the provider's `sub`) linked to the account, if any"
    )


class UserUsage(UserOut):
    stored_bytes: int = Field(description="bytes of the user's models and corpora (what the quota counts)")
    quota_bytes: int = Field(description="the stored-bytes quota (RNNVIS_MAX_STORED_BYTES)")
    active_jobs: int = Field(description="the user's jobs queued or running")
    jobs: int = Field(description="all the user's jobs")


class UserCreate(Strict):
    name: str = Field(min_length=1, max_length=100, description="the user's name, unique")
    admin: bool = Field(False, description="an administrator sees and manages everything")
    password: str | None = Field(
        None, min_length=10, max_length=1000, description="to sign in to the web client (null: tokens only)"
    )
    sso_subject: str | None = Field(
        None,
        max_length=255,
        description="link the account to this single sign-on subject (the provider's `sub` claim; "
        '"" unlinks)',
    )


class UserChange(Strict):
    password: str | None = Field(None, min_length=10, max_length=1000, description="a new password")
    disabled: bool | None = Field(None, description="refuse (true) or accept again (false) the user's tokens")
    admin: bool | None = Field(None, description="make or unmake an administrator")
    sso_subject: str | None = Field(
        None,
        max_length=255,
        description="link the account to this single sign-on subject (the provider's `sub` claim; "
        '"" unlinks)',
    )


class SignIn(Strict):
    name: str = Field(min_length=1, max_length=100, description="the user's name (compared case-folded)")
    password: str = Field(
        min_length=1, max_length=1000, description="set by `rnnvis users password` or an admin"
    )


class SignInOptions(BaseModel):
    password: bool = Field(description="POST /session takes a name and password")
    sso_label: str | None = Field(
        description="single sign-on's name for a button (RNNVIS_OIDC_LABEL); null: not configured"
    )
    sso_url: str | None = Field(description="where a browser goes to sign in with single sign-on")


class SignedIn(BaseModel):
    user: UserOut
    csrf_token: str = Field(
        description="send it in X-CSRF-Token with every request that changes something (the session cookie "
        "alone is refused there)"
    )


class PasswordChange(Strict):
    current: str = Field("", max_length=1000, description="the password now (empty when there is none)")
    new: str = Field(min_length=10, max_length=1000, description="10 to 1,000 characters")


class TokenOut(BaseModel):
    id: int
    name: str
    kind: Literal["api", "session"] = Field(description="an API token, or a browser's sign-in")
    created_at: datetime
    expires_at: datetime | None


class TokenCreate(Strict):
    name: str = Field(min_length=1, max_length=100, description="what the token is for, to tell tokens apart")
    expires_days: int | None = Field(
        None, ge=1, le=3650, description="days until it expires (null: RNNVIS_TOKEN_DAYS)"
    )


class CreatedToken(BaseModel):
    token: TokenOut
    secret: str = Field(description="the token itself: shown once; only its hash is stored")


class CreatedUser(BaseModel):
    user: UserOut
    token: str = Field(description="shown once; only its hash is stored")


class ErrorOut(BaseModel):
    detail: Any = Field(description="what went wrong, in words (a list of field errors for a 422)")


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "a malformed request"),
        (401, "no token, or an unknown, revoked or expired one"),
        (403, "an administrator's route"),
        (404, "no such record, or another user's"),
        (409, "not possible in the record's state (not finished, already finished, a name taken)"),
        (413, "larger than a limit (upload bytes, corpus tokens, text length)"),
        (422, "bad input: the detail names the problem (a text, or FastAPI's list of field errors)"),
        (429, "too many of your jobs are queued or running"),
        (503, "the database, the queue or the workers cannot be reached; try again"),
        (507, "the server's disk is full: nothing was kept"),
    )
}
