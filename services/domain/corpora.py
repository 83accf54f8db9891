"""Corpora: upload (streamed to disk, read once to check and count), list, read, delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.corpora import CorpusFormatError, iter_records
from services.database.tables import Corpus, Recording, Training
from services.domain import sharing
from services.domain.access import Caller, record
from services.domain.errors import Invalid, TooLarge
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Forget
from services.domain.recordings import delete_with_recordings
from services.domain.uploads import check_name, keep, list_uploads, save_upload, upload_budget
from services.settings import Settings
from services.storage.artifacts import artifact_store

MAX_LABELS = 1000


def describe(corpus: Corpus) -> dict[str, Any]:
    """A corpus as the API answers it."""
    return {
        "id": corpus.id,
        "name": corpus.name,
        "format": corpus.format,
        "num_sequences": corpus.num_sequences,
        "num_tokens": corpus.num_tokens,
        "labels": corpus.labels,
        "files": corpus.files,
        "owner_id": corpus.owner_id,
        "project_id": corpus.project_id,
        "created_at": corpus.created_at,
    }


@dataclass
class CorpusCounts:
    sequences: int = 0
    tokens: int = 0  # white-space tokens, before any tokenizer
    labels: set[str] = field(default_factory=set)


def count_corpus(path: Path, fmt: str, max_tokens: int) -> CorpusCounts:
    """Read an uploaded corpus once: every line parses, the token and label limits hold."""
    counts = CorpusCounts()
    try:
        for record in iter_records(path, fmt):
            counts.sequences += 1
            counts.tokens += len(record.text.split())
            if counts.tokens > max_tokens:
                raise TooLarge(f"the corpus has more than the limit of {max_tokens:,} tokens")
            if record.label is not None:
                counts.labels.add(record.label)
                if len(counts.labels) > MAX_LABELS:
                    raise Invalid(f"a labeled corpus may have at most {MAX_LABELS} distinct labels")
    except CorpusFormatError as exc:
        raise Invalid(f"corpus refused: {exc}") from exc
    if counts.sequences == 0:
        raise Invalid("corpus refused: it has no non-blank line")
    return counts


def create(
    db: Session,
    user: Caller,
    settings: Settings,
    name: str,
    fmt: str,
    file: BinaryIO,
    project_id: int | None = None,
) -> Corpus:
    """Store an uploaded corpus (text or labeled, SPEC 2) once it reads without error, shared into
    a project if one is named (SPEC 12)."""
    name = check_name(name)
    sharing.project_for_new(db, user, project_id)
    store = artifact_store(settings)
    with store.staged() as staging:
        stored = save_upload(store, staging, "corpus.txt", file, upload_budget(db, user, settings))
        counts = count_corpus(stored.path, fmt, settings.max_corpus_tokens)
        corpus = Corpus(
            owner_id=user.id,
            name=name,
            format=fmt,
            num_sequences=counts.sequences,
            num_tokens=counts.tokens,
            labels=sorted(counts.labels) if fmt == "labeled" else None,
            files={"corpus": stored.describe()},
        )
        keep(db, store, staging, "corpora", corpus)
    sharing.share_new(db, user, corpus, project_id)
    return corpus


def list_corpora(db: Session, user: Caller, paging: Paging, shared: Shared | None = None) -> PageOf[Any]:
    return list_uploads(db, user, Corpus, paging, shared)


def get(db: Session, user: Caller, corpus_id: int) -> Corpus:
    return record(db, Corpus, corpus_id, user, "corpus")


def delete(db: Session, user: Caller, settings: Settings, corpus_id: int, forget: Forget) -> None:
    """Delete a corpus, its file and its recordings; its trainings' jobs stop."""
    corpus = record(db, Corpus, corpus_id, user, "corpus", "manage")
    sharing.check_no_dependents(db, corpus, "corpus")
    sharing.deleted(db, user, corpus)
    trainings = list(db.execute(select(Training.job_id).where(Training.corpus_id == corpus.id)).scalars())
    delete_with_recordings(db, settings, "corpora", corpus, Recording.corpus_id, forget, trainings)
