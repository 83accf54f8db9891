"""Request-scoped dependencies: settings, a database session, the calling user, the workers, the
process caches, and one dependency per resource that answers 404 for another user's id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from api.caches import ProcessCaches, TokenUser
from api.cookies import SECURE_COOKIE
from api.dispatch import CeleryWorkers
from api.errors import DATABASE_DOWN
from api.gate import MISSING_TOKEN, UNKNOWN_TOKEN, Authenticate
from api.schemas.fields import MAX_INT, IdPath, OwnerFilter, ProjectFilter
from services.database.session import get_sessionmaker
from services.database.tables import Coclustering, Corpus, Job, Model, Recording, Training
from services.domain import coclusterings, corpora, jobs, models, recordings, trainings
from services.domain.errors import Unavailable
from services.domain.paging import Paging, Shared
from services.domain.users import require_admin, user_for_token
from services.settings import Settings

bearer = HTTPBearer(auto_error=False, description="an API token from `rnnvis users create`")
session_cookie = APIKeyCookie(
    name=SECURE_COOKIE,
    auto_error=False,
    description="a browser's sign-in (POST /session), always with its X-CSRF-Token (api/cookies.py)",
)


# The dependencies are async: FastAPI runs a sync dependency in a worker thread, and the hops
# between the event loop and threads cost more than a cached read does.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_caches(request: Request) -> ProcessCaches:
    caches: ProcessCaches = request.app.state.caches
    return caches


async def get_workers(request: Request) -> CeleryWorkers:
    workers: CeleryWorkers = request.app.state.workers
    return workers


async def get_db(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> AsyncIterator[Session]:
    """A session per request (it connects lazily, in the endpoint's thread).

    GET and HEAD only read, so they run without a transaction: no BEGIN, no ROLLBACK, and closing
    them is only handing the connection back to the pool.
    """
    assert settings.database_url is not None
    reading = request.method in ("GET", "HEAD")
    session = get_sessionmaker(settings.database_url, autocommit=reading, pre_ping=False)()
    try:
        yield session
    finally:
        if reading:
            session.close()
        else:
            await run_in_threadpool(session.close)  # may roll back: a round trip


async def get_writing_db(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> AsyncIterator[Session]:
    """A session in a transaction whatever the method: for the few GET routes that write (the
    browser pages of single sign-on, which the browser reaches by navigating)."""
    assert settings.database_url is not None
    session = get_sessionmaker(settings.database_url, autocommit=False, pre_ping=False)()
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)


async def current_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    session: Annotated[str | None, Depends(session_cookie)],
) -> str:
    """The request's token as the gate found it: its Authorization header, else the browser's
    session cookie (with its CSRF header checked). The parameters name them in the OpenAPI schema."""
    token: str | None = request.scope.get("state", {}).get("token")
    if token:
        return token
    if credentials is not None and credentials.scheme.lower() == "bearer":  # an app without the gate
        return credentials.credentials
    raise HTTPException(401, MISSING_TOKEN, {"WWW-Authenticate": "Bearer"})


def token_checker(caches: ProcessCaches, database_url: str) -> Authenticate:
    """The token's user or None. A token is checked against the database at most every few seconds
    per process, and again after any revocation (caches.token_user): reads are the hot path, and a
    lookup costs more than the read itself."""
    sessions = get_sessionmaker(database_url, autocommit=True, pre_ping=False)

    def look_up(token: str) -> TokenUser | None:
        try:
            with sessions() as db:
                row = user_for_token(db, token)
                return None if row is None else TokenUser(row.id, row.name, row.is_admin)
        except OperationalError as exc:  # a 503 to retry, as for any other request
            raise Unavailable(DATABASE_DOWN) from exc

    async def check(token: str) -> TokenUser | None:
        user = caches.token_user(token)
        if user is None:
            checked_at = caches.revocations()
            user = await run_in_threadpool(look_up, token)
            if user is not None:
                caches.keep_token(token, user, checked_at)
        return user

    return check


async def current_user(request: Request, token: Annotated[str, Depends(current_token)]) -> TokenUser:
    """The caller, as the request gate (api/gate.py) found it before the body was read."""
    user: TokenUser | None = request.scope.get("state", {}).get("user")
    if user is None:  # an app without the gate (none is built so): check the token here
        user = await request.app.state.check_token(token)
    if user is None:
        raise HTTPException(401, UNKNOWN_TOKEN, {"WWW-Authenticate": "Bearer"})
    return user


async def admin_user(user: Annotated[TokenUser, Depends(current_user)]) -> TokenUser:
    require_admin(user)
    return user


class PagingQuery(Paging):
    """?limit=&offset= of a list."""

    def __init__(
        self,
        limit: int = Query(50, ge=1, le=500, description="items per page"),
        offset: int = Query(0, ge=0, le=MAX_INT, description="items to skip: the page starts after them"),
    ) -> None:
        super().__init__(limit, offset)


class SharedQuery(Shared):
    """?project_id=&owner= of a list (SPEC 12)."""

    def __init__(self, project_id: ProjectFilter = None, owner: OwnerFilter = None) -> None:
        super().__init__(project_id, owner)


async def get_session_factory(settings: Annotated[Settings, Depends(get_settings)]) -> sessionmaker[Session]:
    """Sessions to open and close in steps (a sign-in holds no connection while it hashes)."""
    assert settings.database_url is not None
    return get_sessionmaker(settings.database_url, autocommit=False, pre_ping=False)


def client_address(request: Request) -> str:
    """The caller's address: the socket's peer, or what a trusted proxy forwarded (uvicorn applies
    X-Forwarded-For only from RNNVIS_TRUSTED_PROXIES)."""
    return request.client.host if request.client else "unknown"


Db = Annotated[Session, Depends(get_db)]
SessionFactory = Annotated[sessionmaker[Session], Depends(get_session_factory)]
ClientAddress = Annotated[str, Depends(client_address)]
WritingDb = Annotated[Session, Depends(get_writing_db)]
CurrentUser = Annotated[TokenUser, Depends(current_user)]
AdminUser = Annotated[TokenUser, Depends(admin_user)]
AppSettings = Annotated[Settings, Depends(get_settings)]
Caches = Annotated[ProcessCaches, Depends(get_caches)]
Workers = Annotated[CeleryWorkers, Depends(get_workers)]
Token = Annotated[str, Depends(current_token)]
Pages = Annotated[PagingQuery, Depends()]
SharedFilter = Annotated[SharedQuery, Depends()]


# One dependency per resource: the record if the caller may see it, else 404 (never 403).


def owned_model(model_id: IdPath, db: Db, user: CurrentUser) -> Model:
    return models.get(db, user, model_id)


def owned_corpus(corpus_id: IdPath, db: Db, user: CurrentUser) -> Corpus:
    return corpora.get(db, user, corpus_id)


def owned_recording(recording_id: IdPath, db: Db, user: CurrentUser) -> tuple[Recording, Job]:
    return recordings.get(db, user, recording_id)


def owned_coclustering(coclustering_id: IdPath, db: Db, user: CurrentUser) -> tuple[Coclustering, Job]:
    return coclusterings.get(db, user, coclustering_id)


def owned_training(training_id: IdPath, db: Db, user: CurrentUser) -> tuple[Training, Job]:
    return trainings.get(db, user, training_id)


def owned_job(job_id: IdPath, db: Db, user: CurrentUser) -> Job:
    return jobs.get(db, user, job_id)


OwnedModel = Annotated[Model, Depends(owned_model)]
OwnedCorpus = Annotated[Corpus, Depends(owned_corpus)]
OwnedRecording = Annotated[tuple[Recording, Job], Depends(owned_recording)]
OwnedCoclustering = Annotated[tuple[Coclustering, Job], Depends(owned_coclustering)]
OwnedTraining = Annotated[tuple[Training, Job], Depends(owned_training)]
OwnedJob = Annotated[Job, Depends(owned_job)]


def page_of(result: Any, convert: Any) -> dict[str, Any]:
    """A services.domain.paging.PageOf as the API's Page: each row converted to its schema."""
    return {
        "items": [convert(*row) for row in result.items],
        "total": result.total,
        "limit": result.paging.limit,
        "offset": result.paging.offset,
    }
