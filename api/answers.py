"""Answers for finished results, which never change: sent with an ETag, and a 304 with no body when
the client already holds that ETag (If-None-Match), so clients revalidate instead of downloading."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from api.caches import etag_of

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "not modified: If-None-Match names this answer's ETag (a finished result)"}
}
# the client may keep the answer but asks each time whether it still holds (a delete ends it)
CACHE_CONTROL = "private, no-cache"


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    return header.strip() == "*" or etag in (t.strip().removeprefix("W/") for t in header.split(","))


def finished_answer(request: Request, body: bytes, etag: str | None = None) -> Response:
    etag = etag or etag_of(body)
    headers = {"etag": etag, "cache-control": CACHE_CONTROL}
    if _matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def finished_model(request: Request, model: BaseModel) -> Response:
    """A finished result's schema object as JSON with its ETag."""
    return finished_answer(request, model.model_dump_json().encode())
