"""The client's HTTP plumbing: one httpx connection, errors as exceptions, pages, uploads, downloads."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import httpx
from cachetools import LRUCache
from pydantic import BaseModel

from rnnvis_client.errors import ConnectionFailed, raise_for_answer
from rnnvis_client.progress import CountedFile
from rnnvis_client.uploads import Part

DEFAULT_URL = "http://127.0.0.1:8000"
PAGE_SIZE = 500  # the API's largest page
UPLOAD_BAR_BYTES = 1 << 20
HELD_BYTES = 64 << 20  # finished results kept to revalidate (If-None-Match) instead of downloading again
Out = TypeVar("Out", bound=BaseModel)


class Connection:
    """Requests to one server as one user; any 4xx/5xx is raised as the matching client.errors class."""

    def __init__(
        self,
        url: str | None,
        token: str | None,
        timeout: float,
        progress: bool,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = (url or os.environ.get("RNNVIS_URL") or DEFAULT_URL).rstrip("/")
        # token="" sends none even when RNNVIS_TOKEN is set: a client that reads through links only
        self.token = (token if token is not None else os.environ.get("RNNVIS_TOKEN")) or None
        self.progress = progress
        self.http = httpx.Client(
            base_url=f"{self.url}/api/v1",
            headers={"Authorization": f"Bearer {self.token}"} if self.token else {},
            timeout=timeout,
            transport=transport or httpx.HTTPTransport(retries=2),  # retries connecting only
        )
        # Finished results never change: the server tags them with an ETag; asked again, it answers
        # 304 without a body when the tag still holds.
        self.held: LRUCache[tuple[str, str], tuple[str, bytes]] = LRUCache(
            HELD_BYTES, getsizeof=lambda held: len(held[1])
        )

    def close(self) -> None:
        self.http.close()

    def unreachable(self, exc: Exception) -> ConnectionFailed:
        return ConnectionFailed(f"cannot reach the RNNVis server at {self.url}: {exc}")

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise self.unreachable(exc) from exc
        raise_for_answer(response)
        return response

    def get(self, path: str, **params: Any) -> Any:
        query = _present(params)
        key = (path, str(sorted(query.items())))
        held = self.held.get(key)
        headers = {"If-None-Match": held[0]} if held is not None else {}
        response = self.request("GET", path, params=query, headers=headers)
        if response.status_code == 304 and held is not None:
            return json.loads(held[1])
        etag = response.headers.get("etag")
        if etag is not None:
            self.held[key] = (etag, response.content)
        return response.json()

    def post(self, path: str, body: Mapping[str, Any] | None = None) -> Any:
        return self.request("POST", path, json=_present(body or {})).json()

    def one(self, out: type[Out], path: str) -> Out:
        return out.model_validate(self.get(path))

    def all(self, out: type[Out], path: str, limit: int | None, **filters: Any) -> list[Out]:
        """Every item of a paginated list (or the first `limit`), following the pages."""
        items: list[Out] = []
        while limit is None or len(items) < limit:
            size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - len(items))
            page = self.get(path, limit=size, offset=len(items), **filters)
            items += [out.model_validate(item) for item in page["items"]]
            if not page["items"] or len(items) >= page["total"]:
                break
        return items

    def upload(
        self, path: str, data: dict[str, str], files: Sequence[tuple[str, Part]], opened: list[IO[bytes]]
    ) -> Any:
        """POST a multipart form of (field, part) pairs, a field repeated for a list; files of 1 MiB or
        more draw an upload bar when progress is on."""
        parts: list[tuple[str, Any]] = []
        for field, (name, content, media) in files:
            if self.progress and not isinstance(content, bytes) and _size(content) >= UPLOAD_BAR_BYTES:
                counted = CountedFile(content, f"uploading {name}")
                opened.append(counted)  # type: ignore[arg-type]
                parts.append((field, (name, counted, media)))
            else:
                parts.append((field, (name, content, media)))
        try:
            return self.request("POST", path, data=data, files=parts).json()
        finally:
            for handle in opened:
                handle.close()

    def download(self, path: str, params: dict[str, Any], target: str | Path | None) -> bytes | Path:
        """The file at path: its bytes (target None), or saved to target: a file name, or a folder
        (one that exists, or a path ending in /, made if missing) that gets the server's name."""
        try:
            with self.http.stream("GET", path, params=_present(params)) as response:
                if response.status_code >= 400:
                    response.read()
                    raise_for_answer(response)
                if target is None:
                    return response.read()
                destination = Path(target)
                if names_a_folder(target):
                    destination.mkdir(parents=True, exist_ok=True)
                    match = re.search(
                        r'filename="?([^";]+)"?', response.headers.get("content-disposition", "")
                    )
                    destination = destination / (match.group(1) if match else Path(path).name)
                partial = destination.with_name(destination.name + ".part")
                with partial.open("wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                partial.replace(destination)  # never a half-written file under the final name
                return destination
        except httpx.TransportError as exc:
            raise self.unreachable(exc) from exc


def names_a_folder(target: str | Path) -> bool:
    """A folder that exists, or a path written with a trailing / (made when missing): `out/`."""
    return str(target).endswith(("/", os.sep)) or Path(target).is_dir()


def _size(handle: IO[bytes]) -> int:
    return os.fstat(handle.fileno()).st_size


def _present(values: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out what the caller did not set, so the server's defaults apply."""
    return {k: v for k, v in values.items() if v is not None}


def fields_of(arguments: dict[str, Any], *, besides: tuple[str, ...] = ()) -> dict[str, Any]:
    """A method's arguments as its request's query or body, under the same names: the method passes
    locals() as its first statement (its parameters alone), leaving out `besides` (the ids in the
    path, wait, timeout); self and arguments left None are dropped, so the server's defaults apply."""
    return {
        name: value
        for name, value in arguments.items()
        if name != "self" and name not in besides and value is not None
    }
