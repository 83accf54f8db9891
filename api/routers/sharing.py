"""Read-only links (SPEC 12): /share-links to make, list and revoke them, and /shared/{token}, which
answers with no account: the linked resource, and a linked recording's (or co-clustering's
recording's) word and unit reads. Nothing else is reachable through a link."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter

from api.answers import NOT_MODIFIED, finished_model
from api.deps import AppSettings, Caches, ClientAddress, CurrentUser, Db
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, MAX_UNIT, IdPath
from api.schemas.recordings import (
    MatrixOut,
    MatrixQuery,
    UnitWordsOut,
    UnitWordsQuery,
    WordResponseOut,
    WordResponseQuery,
)
from api.schemas.sharing import SharedOut, ShareLinkCreate, ShareLinkMade, ShareLinkOut
from services.domain import recordings, share_links

router = APIRouter(route_class=StrictJsonRoute, tags=["sharing"], responses=ERRORS)
TokenPath = Annotated[str, Path(min_length=1, max_length=100, description="the link's token")]
SHARED = TypeAdapter(SharedOut)


def public_base(request: Request, settings: AppSettings) -> str:
    return (settings.public_url or str(request.base_url)).rstrip("/")


@router.post("/share-links", status_code=201, response_model=ShareLinkMade, summary="Make a read-only link")
def create_link(
    body: ShareLinkCreate, db: Db, user: CurrentUser, settings: AppSettings, request: Request
) -> ShareLinkMade:
    made = share_links.create(db, user, settings, body.kind, body.id, body.expires_days)
    base = public_base(request, settings)
    return ShareLinkMade.model_validate(
        {
            **share_links.describe(made.link),
            "token": made.token,
            "url": f"{base}/s/{made.token}",
            "embed_url": f"{base}/embed/{made.token}",
        }
    )


@router.get("/share-links", response_model=list[ShareLinkOut], summary="Your links, newest first")
def list_links(db: Db, user: CurrentUser) -> list[ShareLinkOut]:
    return [ShareLinkOut.model_validate(link) for link in share_links.list_links(db, user)]


@router.delete("/share-links/{link_id}", status_code=204, summary="Revoke a link (at once, everywhere)")
def revoke_link(link_id: IdPath, db: Db, user: CurrentUser) -> None:
    share_links.revoke(db, user, link_id)


@router.get("/shared/{token}", response_model=SharedOut, summary="What a link shows (no account needed)")
def shared(token: TokenPath, db: Db, settings: AppSettings, client: ClientAddress) -> Any:
    opened = share_links.open_link(db, settings, token, client)
    return SHARED.validate_python(share_links.body(db, opened))


@router.get(
    "/shared/{token}/response",
    response_model=WordResponseOut,
    summary="One word's statistics in a linked recording (or a linked co-clustering's)",
)
async def shared_word(
    token: TokenPath,
    db: Db,
    settings: AppSettings,
    client: ClientAddress,
    caches: Caches,
    query: Annotated[WordResponseQuery, Query()],
) -> WordResponseOut:
    def read() -> dict[str, Any]:
        opened = share_links.open_link(db, settings, token, client)
        recording_id = share_links.recording_of(db, opened)
        _, found = recordings.word_response(
            db, opened.maker, recording_id, query.word, query.layer, query.state, caches.layouts
        )
        return found

    return WordResponseOut.model_validate(await run_in_threadpool(read))


@router.get(
    "/shared/{token}/units/{unit}/words",
    response_model=UnitWordsOut,
    responses=NOT_MODIFIED,
    summary="A unit's salient words in a linked recording (or a linked co-clustering's)",
)
def shared_unit_words(
    token: TokenPath,
    unit: Annotated[int, Path(ge=0, le=MAX_UNIT, description="the unit, 0..hidden_size - 1")],
    db: Db,
    settings: AppSettings,
    client: ClientAddress,
    request: Request,
    query: Annotated[UnitWordsQuery, Query()],
) -> Response:
    opened = share_links.open_link(db, settings, token, client)
    q = query
    found = recordings.unit_words(
        db,
        opened.maker,
        share_links.recording_of(db, opened),
        unit,
        q.layer,
        q.state,
        q.k,
        q.min_count,
        q.score,
        q.prior_count,
    )
    return finished_model(request, UnitWordsOut.model_validate(found))


@router.get(
    "/shared/{token}/matrix",
    response_model=MatrixOut,
    responses=NOT_MODIFIED,
    summary="E[response|word] of the top words of a linked recording (or a linked co-clustering's)",
)
def shared_matrix(
    token: TokenPath,
    db: Db,
    settings: AppSettings,
    client: ClientAddress,
    request: Request,
    query: Annotated[MatrixQuery, Query()],
) -> Response:
    opened = share_links.open_link(db, settings, token, client)
    recording_id = share_links.recording_of(db, opened)
    found = recordings.matrix(
        db, opened.maker, recording_id, query.layer, query.state, query.top_words, query.min_count
    )
    return finished_model(request, MatrixOut.model_validate(found))
