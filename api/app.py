"""The FastAPI application: routers under /api/v1, health at the root, the web client's files at /."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.caches import ProcessCaches
from api.deps import token_checker
from api.dispatch import CeleryWorkers
from api.errors import add_error_handlers
from api.gate import Limits, RequestGate
from api.requests import add_validation_handler
from api.routers import (
    ablations,
    coclusterings,
    corpora,
    exports,
    health,
    jobs,
    models,
    recordings,
    scans,
    sso,
    trainings,
    users,
)
from api.sso import OidcProvider
from services.settings import Settings, get_settings
from worker.config import make_celery

API_PREFIX = "/api/v1"
WEB_CLIENT_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """nosniff, no framing, same-origin referrers on every answer; a strict CSP on the web client's pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        web_page = not path.startswith(("/api/", "/docs", "/redoc", "/openapi.json", "/healthz", "/readyz"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if web_page:
                    headers.append((b"content-security-policy", WEB_CLIENT_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


DOCS_ASSETS = "/api-docs"  # web/dist/api-docs (web/scripts/copy-api-docs.mjs), served with the web client


def add_api_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc with their scripts from this server, not a CDN."""

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="RNNVis API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title="RNNVis API",
            redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url="data:,",
            with_google_fonts=False,
        )


def _routes() -> FastAPI:
    """The application's routes, before anything connects to a database or a broker."""
    app = FastAPI(
        title="RNNVis",
        version="1",
        summary="What recurrent neural networks hold in their hidden memory (Ming et al., VAST 2017)",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    add_api_docs(app)
    app.include_router(health.router)
    for module in (
        models,
        corpora,
        recordings,
        coclusterings,
        scans,
        ablations,
        exports,
        trainings,
        jobs,
        users,
    ):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(sso.router)  # browser pages at /auth/sso/..., not API operations
    return app


def openapi_document() -> dict[str, Any]:
    """The OpenAPI schema the server answers at /openapi.json, without starting anything."""
    return _routes().openapi()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if settings.database_url is None or settings.redis_url is None:
        raise RuntimeError("DATABASE_URL and REDIS_URL must be set (`rnnvis serve` sets both)")
    app = _routes()
    app.state.settings = settings
    app.state.celery = make_celery(settings)
    app.state.workers = CeleryWorkers(app.state.celery, settings)
    app.state.caches = ProcessCaches(settings.redis_url)
    app.state.check_token = token_checker(app.state.caches, settings.database_url)
    app.state.sso = OidcProvider(settings) if settings.oidc_issuer else None
    add_error_handlers(app)
    add_validation_handler(app)
    limits = Limits(settings.max_json_bytes, settings.max_upload_bytes, settings.body_idle_s, API_PREFIX)
    app.add_middleware(RequestGate, schema=app.openapi(), limits=limits, authenticate=app.state.check_token)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:  # closed unless configured: no other site's page may call the API
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    web = settings.web_files
    if (web / "index.html").exists():
        app.mount("/", StaticFiles(directory=web, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def root() -> dict[str, Any]:
            return {
                "name": "RNNVis",
                "api": API_PREFIX,
                "docs": "/docs",
                "web": "not built (web/dist is missing)",
            }

    return app
