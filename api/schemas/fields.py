"""The field types every resource's schemas are made of: bounded request integers, ids, the query
and path parameters, statuses, seeds and what a co-clustering reads; and the few models around them
(a page of a list, a strict body, an error answer)."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Form, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from services.clustering.cocluster import Mode
from services.jobs.messages import JobStatus
from services.recording.channels import STATE_PATTERN

T = TypeVar("T")
Status = JobStatus
SalienceScore = Literal[
    "shrunk", "mean"
]  # how a unit's words are ranked (services.storage.statistics.salience)
VocabOrder = Literal["first_appearance"]  # services.models.vocabulary.VOCAB_ORDERS (a test compares)
StateName = Annotated[str, Field(pattern=STATE_PATTERN, max_length=20)]  # services.recording.channels


# Every integer a request carries is bounded (a test walks the schema): PostgreSQL's integer
# columns hold 32 bits, and an unbounded count reaches the database as an overflow.
MAX_INT = 2**31 - 1
MAX_LAYER = 100
MAX_UNIT = 100_000
RecordId = Annotated[int, Field(ge=1, le=MAX_INT, description="a record's id")]
ClusterIndex = Annotated[int, Field(ge=0, le=100)]
IdPath = Annotated[int, Path(ge=1, le=MAX_INT, description="a record's id")]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_INT, description="only those of this record")]
# SPEC 12: sharing into a project
ProjectField = Annotated[
    int | None,
    Field(
        ge=1,
        le=MAX_INT,
        description="share it into this project (you must be at least its editor); null: private",
    ),
]
SharedInto = Annotated[
    int | None, Field(description="the project it is shared into; null: private to its owner")
]
ProjectForm = Annotated[
    int | None,
    Form(ge=1, le=MAX_INT, description="share it into this project (at least its editor); empty: private"),
]
ProjectFilter = Annotated[
    int | None, Query(ge=1, le=MAX_INT, description="only those shared into this project")
]
OwnerFilter = Annotated[
    str | None, Query(min_length=1, max_length=100, description="only those of this user (a name)")
]
LayerQuery = Annotated[int, Query(ge=0, le=MAX_LAYER, description="the layer, 0 the lowest")]
StateQuery = Annotated[
    str,
    Query(max_length=20, description="h, c (LSTM), or a gate (gate_i, gate_f, ...) when recorded with gates"),
]
MinCount = Annotated[int, Query(ge=1, le=MAX_INT, description="words seen at least this often")]
# the same as fields of a GET route's query model (api/schemas/<resource>.py: the defaults live there)
LayerField = Annotated[int, Field(ge=0, le=MAX_LAYER, description="the layer, 0 the lowest")]
StateField = Annotated[
    str,
    Field(max_length=20, description="h, c (LSTM), or a gate (gate_i, gate_f, ...) when recorded with gates"),
]
MinCountField = Annotated[int, Field(ge=1, le=MAX_INT, description="words seen at least this often")]
StatusFilter = Annotated[Status | None, Query(description="only those in this state")]
# how much of a corpus a job reads (a recording, an ablation, a timeline's recordings); one definition
MaxTokens = Annotated[
    int | None,
    Field(ge=1, le=MAX_INT, description="read at most this many tokens of the corpus; default all"),
]
SeedField = Annotated[
    int, Field(ge=0, le=2**32 - 1, description="the random seed: the same seed, the same result")
]
# what a co-clustering or a scan of k reads from a recording (SPEC 4, 9); one definition for both
CoLayer = Annotated[int | None, Field(ge=0, le=100, description="the layer; default the top one")]
CoState = Annotated[
    StateName,
    Field(
        description="the state: h, c (LSTM), a gate recorded with gates, or a SPEC 11 state (y, norm@1, ...)"
    ),
]
CoTopWords = Annotated[
    int, Field(ge=2, le=5000, description="how many words: the most frequent (or salient) ones")
]
CoMinCount = Annotated[int, Field(ge=1, le=MAX_INT, description="words seen fewer times are left out")]
CoMode = Annotated[
    Mode,
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
