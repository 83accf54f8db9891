"""/corpora: upload (streamed to disk, read once to check and count), list, read, delete."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from sqlalchemy import select

from api.deps import AppSettings, CurrentUser, Db, owned, visible
from api.routers.lifecycle import Paging, check_name, drop_recordings, page, store_upload, upload_budget
from api.schemas import ERRORS, CorpusOut, Page
from services.corpora import CorpusFormatError, iter_records
from services.database.tables import Corpus, Recording, Training
from services.storage.artifacts import ArtifactStore

router = APIRouter(tags=["corpora"], responses=ERRORS)
MAX_LABELS = 1000


def corpus_out(corpus: Corpus) -> CorpusOut:
    return CorpusOut.model_validate(corpus, from_attributes=True)


@router.post("/corpora", status_code=201, response_model=CorpusOut, summary="Upload a corpus")
def create_corpus(
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    name: Annotated[str, Form()],
    format: Annotated[
        Literal["text", "labeled"], Form(description="text, or labeled (TSV label<TAB>text, or JSONL)")
    ],
    file: Annotated[UploadFile, File(description="UTF-8 text, one sequence per line")],
) -> CorpusOut:
    name = check_name(name)
    store = ArtifactStore(settings.artifacts)
    staging = store.staging()
    try:
        stored = store_upload(store, staging, "corpus.txt", file, upload_budget(db, user, settings))
        sequences, tokens, labels = 0, 0, set()
        try:
            for record in iter_records(stored.path, format):
                sequences += 1
                tokens += len(record.text.split())
                if tokens > settings.max_corpus_tokens:
                    raise HTTPException(
                        413, f"the corpus has more than the limit of {settings.max_corpus_tokens:,} tokens"
                    )
                if record.label is not None:
                    labels.add(record.label)
                    if len(labels) > MAX_LABELS:
                        raise HTTPException(
                            422, f"a labeled corpus may have at most {MAX_LABELS} distinct labels"
                        )
        except CorpusFormatError as exc:
            raise HTTPException(422, f"corpus refused: {exc}") from exc
        if sequences == 0:
            raise HTTPException(422, "corpus refused: it has no non-blank line")
        corpus = Corpus(
            owner_id=user.id,
            name=name,
            format=format,
            num_sequences=sequences,
            num_tokens=tokens,
            labels=sorted(labels) if format == "labeled" else None,
            files={"corpus": stored.describe()},
        )
        db.add(corpus)
        db.flush()
        store.promote(staging, "corpora", corpus.id)
        db.commit()
    finally:
        store.discard(staging)
    return corpus_out(corpus)


@router.get("/corpora", response_model=Page[CorpusOut])
def list_corpora(db: Db, user: CurrentUser, paging: Annotated[Paging, Depends()]) -> dict[str, Any]:
    return page(db, visible(select(Corpus), Corpus, user).order_by(Corpus.id), paging, corpus_out)


@router.get("/corpora/{corpus_id}", response_model=CorpusOut)
def get_corpus(corpus_id: int, db: Db, user: CurrentUser) -> CorpusOut:
    return corpus_out(owned(db, Corpus, corpus_id, user, "corpus"))


@router.delete(
    "/corpora/{corpus_id}", status_code=204, summary="Delete a corpus, its file and its recordings"
)
def delete_corpus(corpus_id: int, db: Db, user: CurrentUser, settings: AppSettings, request: Request) -> None:
    corpus = owned(db, Corpus, corpus_id, user, "corpus")
    trainings = db.execute(select(Training.job_id).where(Training.corpus_id == corpus.id)).scalars()
    drop_recordings(db, request, select(Recording.id).where(Recording.corpus_id == corpus.id), trainings)
    db.delete(corpus)
    db.commit()
    ArtifactStore(settings.artifacts).remove("corpora", corpus_id)
