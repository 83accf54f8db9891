"""The data store (SQLAlchemy 2): users, tokens, uploads, jobs and results.

Statistics are stored as compact float32 arrays: one row per (recording, channel, word) and one
per (recording, channel, unit), so one word's statistics or one unit's top words read a few rows,
never a whole recording.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from services.jobs.messages import JobKind, JobStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow)


def _project() -> Mapped[int | None]:
    """The project a resource is shared into (SPEC 12); None: private to its owner."""
    return mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), nullable=True, index=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # the name as compared: NFKC, case-folded, look-alike letters mapped to Latin (services.domain.users)
    name_key: Mapped[str] = mapped_column(String(400), unique=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = _created()
    password_hash: Mapped[str | None] = mapped_column(
        String(200), nullable=True
    )  # argon2id; None: tokens only
    disabled: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false"
    )  # every token refused
    # the single sign-on identity linked to this account: the provider's issuer and its `sub` claim
    sso_issuer: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sso_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    __table_args__ = (UniqueConstraint("sso_issuer", "sso_subject", name="uq_users_sso_identity"),)


class SsoSignIn(Base):
    """A single sign-on under way: made when the browser leaves for the provider, taken (deleted)
    when it comes back. Kept here, not in a cookie, so that any API process can finish it."""

    __tablename__ = "sso_sign_ins"
    state: Mapped[str] = mapped_column(String(64), primary_key=True)  # sent to the provider and back
    browser_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the starting browser's cookie
    nonce: Mapped[str] = mapped_column(String(64))  # must come back inside the signed ID token
    code_verifier: Mapped[str] = mapped_column(String(128))  # PKCE (RFC 7636)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    client: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)  # its address


class SignInThrottle(Base):
    """Failed password sign-ins counted per client address and per user name, known or not
    (services.domain.sign_in): in PostgreSQL, so that every API process sees the same counts."""

    __tablename__ = "sign_in_throttles"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "client:<address>" or "name:<sha256>"
    failures: Mapped[int] = mapped_column(Integer)  # within the window since the last one
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the token is never stored
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(16), default="api", server_default="api")  # api | session


class Model(Base):
    __tablename__ = "models"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    name: Mapped[str] = mapped_column(String(200))
    cell: Mapped[str] = mapped_column(String(16))
    num_layers: Mapped[int] = mapped_column(Integer)
    hidden_size: Mapped[int] = mapped_column(Integer)
    embedding_size: Mapped[int] = mapped_column(Integer)
    vocab_size: Mapped[int] = mapped_column(Integer)
    task: Mapped[str] = mapped_column(String(32))
    num_classes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSONB)  # the full, checked ModelSpec
    files: Mapped[dict[str, Any]] = mapped_column(JSONB)  # name -> {sha256, bytes} in the artifact store
    created_at: Mapped[datetime] = _created()
    # a checkpoint of another model (issue 34): that model's series, ordered by step; null: a model
    checkpoint_of: Mapped[int | None] = mapped_column(
        ForeignKey("models.id", ondelete="CASCADE"), nullable=True, index=True
    )
    step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # training step or epoch
    # the training that made it, if one did (its loss curve and validation figures)
    training: Mapped[Training | None] = relationship(
        primaryjoin="Model.id == foreign(Training.model_id)", viewonly=True, lazy="selectin", uselist=False
    )


def model_columns(config: dict[str, Any]) -> dict[str, Any]:
    """Model row columns from a checked ModelSpec's config."""
    columns = ("cell", "num_layers", "hidden_size", "embedding_size", "vocab_size", "task", "num_classes")
    return {"config": config, **{c: config.get(c) for c in columns}}


class Corpus(Base):
    __tablename__ = "corpora"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(16))
    num_sequences: Mapped[int] = mapped_column(BigInteger)
    num_tokens: Mapped[int] = mapped_column(BigInteger)  # white-space tokens, before any tokenizer
    labels: Mapped[list[Any] | None] = mapped_column(JSONB, nullable=True)
    files: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    kind: Mapped[JobKind] = mapped_column(String(32))
    status: Mapped[JobStatus] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = _created()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # written every few seconds by the worker running it: a running job whose heartbeat stops is
    # found by the reaper and queued again (or failed after too many attempts)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Training(Base):
    __tablename__ = "trainings"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    corpus_id: Mapped[int] = mapped_column(ForeignKey("corpora.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    options: Mapped[dict[str, Any]] = mapped_column(JSONB)
    model_id: Mapped[int | None] = mapped_column(ForeignKey("models.id", ondelete="SET NULL"), nullable=True)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created()


class Recording(Base):
    __tablename__ = "recordings"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    model_id: Mapped[int] = mapped_column(ForeignKey("models.id", ondelete="CASCADE"), index=True)
    corpus_id: Mapped[int] = mapped_column(ForeignKey("corpora.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    options: Mapped[dict[str, Any]] = mapped_column(JSONB)
    label: Mapped[str] = mapped_column(String(500))  # services.domain.labels
    channels: Mapped[list[Any] | None] = mapped_column(JSONB, nullable=True)  # [[layer, state], ...]
    hidden_size: Mapped[int] = mapped_column(Integer)
    num_sequences: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    tokens: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    unk_tokens: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dropped_tokens: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    words: Mapped[int | None] = mapped_column(Integer, nullable=True)  # distinct words seen
    quantile_words: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # SPEC 10: how many shards the counting pass cut it into (null until then; 1: not sharded). Not
    # options["shards"], what the user asked for (None: automatic). The column keeps its name, "shards".
    planned_shards: Mapped[int | None] = mapped_column("shards", Integer, nullable=True)
    shards_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shard_plan: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)  # the stored plan file
    # services.recording.quality: the model's loss on this corpus beside its unigram (language models)
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created()


class RecordingShard(Base):
    """One shard of a sharded recording (SPEC 10): a range of sequences any batch worker records.

    status: queued -> running -> done. Its worker keeps heartbeat_at fresh; a running shard whose
    heartbeat stops lost its worker and is queued again alone. partial: the stored file's checksum."""

    __tablename__ = "recording_shards"
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_sequence: Mapped[int] = mapped_column(BigInteger)  # where it starts reading
    skip_batches: Mapped[int] = mapped_column(Integer)  # batches from there recorded by the shard before
    num_batches: Mapped[int] = mapped_column(Integer)
    tokens: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    tokens_done: Mapped[int] = mapped_column(BigInteger, default=0)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(300), nullable=True)  # host:pid that runs it
    partial: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)


class WordStatistics(Base):
    """One word's statistics in one channel: float32 arrays of the recording's hidden size."""

    __tablename__ = "word_statistics"
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0 = the most frequent word
    word_id: Mapped[int] = mapped_column(Integer)
    word: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(BigInteger)
    mean: Mapped[bytes] = mapped_column(LargeBinary)  # float32 [H]
    std: Mapped[bytes] = mapped_column(LargeBinary)  # float32 [H]
    quantiles: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # float32 [5, H]
    __table_args__ = (Index("ix_word_statistics_word", "recording_id", "channel", "word"),)


class UnitStatistics(Base):
    """One unit's mean response to every word of a channel (float32 [W], by word rank)."""

    __tablename__ = "unit_statistics"
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    unit: Mapped[int] = mapped_column(Integer, primary_key=True)
    mean: Mapped[bytes] = mapped_column(LargeBinary)


class TraceWord(Base):
    """One traced word's trace in one (layer, state) (SPEC 13): float32 [depth + 1, H] (nan where the
    word is never followed by k more steps) and the steps counted at each k (int64 [depth + 1])."""

    __tablename__ = "trace_words"
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True
    )
    layer: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    state: Mapped[str] = mapped_column(Text, primary_key=True)
    word_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)  # 0 = the most frequent traced word
    word: Mapped[str] = mapped_column(Text)
    counts: Mapped[bytes] = mapped_column(LargeBinary)
    trace: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = (Index("ix_trace_words_word", "recording_id", "layer", "state", "word"),)


class TraceUnit(Base):
    """One unit's half-life (null: it holds longer than the trace) and the curves it comes from: its
    top words (int32 word ids [n]), their trace_k (float32 [n, depth + 1]) and the mean |trace_k| over
    them (float32 [depth + 1])."""

    __tablename__ = "trace_units"
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True
    )
    layer: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    state: Mapped[str] = mapped_column(Text, primary_key=True)
    unit: Mapped[int] = mapped_column(Integer, primary_key=True)
    half_life: Mapped[float | None] = mapped_column(Float, nullable=True)
    words: Mapped[bytes] = mapped_column(LargeBinary)
    curves: Mapped[bytes] = mapped_column(LargeBinary)
    mean: Mapped[bytes] = mapped_column(LargeBinary)


class Coclustering(Base):
    __tablename__ = "coclusterings"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    label: Mapped[str] = mapped_column(String(500))  # services.domain.labels
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    # an edited co-clustering (SPEC 9): the one it was made from, and the edits applied to it
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("coclusterings.id", ondelete="SET NULL"), nullable=True, index=True
    )
    edits: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created()


class CoclusteringScan(Base):
    """Co-clusterings of one matrix for a range of k and several seeds (SPEC 9, choosing k)."""

    __tablename__ = "coclustering_scans"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created()


class Ablation(Base):
    """A memory chip's units frozen or zeroed while the model reads a corpus (SPEC 9, ablation)."""

    __tablename__ = "ablations"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    coclustering_id: Mapped[int] = mapped_column(
        ForeignKey("coclusterings.id", ondelete="CASCADE"), index=True
    )
    corpus_id: Mapped[int] = mapped_column(ForeignKey("corpora.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created()


class Timeline(Base):
    """A model's checkpoints recorded over one corpus, co-clustered, and their chips followed from
    one checkpoint to the next (issue 34)."""

    __tablename__ = "timelines"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    project_id: Mapped[int | None] = _project()
    model_id: Mapped[int] = mapped_column(ForeignKey("models.id", ondelete="CASCADE"), index=True)
    corpus_id: Mapped[int] = mapped_column(ForeignKey("corpora.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created()


class Alignment(Base):
    __tablename__ = "alignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    layer: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    other_layer: Mapped[int] = mapped_column(Integer)
    other_state: Mapped[str] = mapped_column(String(16))
    top_words: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()
    __table_args__ = (
        UniqueConstraint(
            "recording_id",
            "other_id",
            "layer",
            "state",
            "other_layer",
            "other_state",
            "top_words",
            name="uq_alignment",
        ),
    )


class Project(Base):
    """A group's shared space (SPEC 12): its members read what is shared into it."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created()


class ProjectMember(Base):
    """A user's role in a project: viewer < editor < owner (services.domain.access.ROLES)."""

    __tablename__ = "project_members"
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[datetime] = _created()


class ProjectEvent(Base):
    """The audit trail: who shared, unshared, ran or deleted what in a project, and when. The actor's
    and the resource's names are kept as they were, so the trail outlives them."""

    __tablename__ = "project_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    at: Mapped[datetime] = _created()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    resource_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resource: Mapped[str] = mapped_column(String(500), default="", server_default="")
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    __table_args__ = (Index("ix_project_events_project_id", "project_id", "id"),)


class ShareLink(Base):
    """A read-only link to one resource (SPEC 12). The token is never stored: its sha256, as for API
    tokens. Revoking deletes the row, so every API process refuses it at its next read."""

    __tablename__ = "share_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = _owner()
    kind: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
