"""/corpora: upload (streamed to disk, read once to check and count), list, read, delete."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile

from api.deps import AppSettings, Caches, CurrentUser, Db, OwnedCorpus, Pages, SharedFilter, page_of
from api.requests import StrictJsonRoute
from api.schemas.corpora import CorpusOut
from api.schemas.fields import ERRORS, IdPath, Page, ProjectForm
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from services.database.tables import Corpus
from services.domain import corpora, sharing

router = APIRouter(route_class=StrictJsonRoute, tags=["corpora"], responses=ERRORS)


def corpus_out(corpus: Corpus) -> CorpusOut:
    return CorpusOut.model_validate(corpora.describe(corpus))


@router.post("/corpora", status_code=201, response_model=CorpusOut, summary="Upload a corpus")
def create_corpus(
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    name: Annotated[str, Form(description="a name to know it by (1 to 200 characters)")],
    format: Annotated[
        Literal["text", "labeled"], Form(description="text, or labeled (TSV label<TAB>text, or JSONL)")
    ],
    file: Annotated[UploadFile, File(description="UTF-8 text, one sequence per line")],
    project_id: ProjectForm = None,
) -> CorpusOut:
    return corpus_out(corpora.create(db, user, settings, name, format, file.file, project_id))


@router.get("/corpora", response_model=Page[CorpusOut])
def list_corpora(db: Db, user: CurrentUser, paging: Pages, shared: SharedFilter) -> dict[str, Any]:
    return page_of(corpora.list_corpora(db, user, paging, shared), corpus_out)


@router.patch(
    "/corpora/{corpus_id}",
    response_model=CorpusOut,
    summary=SHARE_SUMMARY,
)
def share_corpus(corpus_id: IdPath, body: ShareChange, db: Db, user: CurrentUser) -> CorpusOut:
    return corpus_out(sharing.set_project(db, user, "corpus", corpus_id, body.project_id))


@router.get("/corpora/{corpus_id}", response_model=CorpusOut)
def get_corpus(corpus: OwnedCorpus) -> CorpusOut:
    return corpus_out(corpus)


@router.delete(
    "/corpora/{corpus_id}", status_code=204, summary="Delete a corpus, its file and its recordings"
)
def delete_corpus(
    corpus_id: IdPath, db: Db, user: CurrentUser, settings: AppSettings, caches: Caches
) -> None:
    corpora.delete(db, user, settings, corpus_id, caches.forget)
