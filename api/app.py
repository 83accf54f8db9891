"""The FastAPI application: routers under /api/v1, health at the root, the web client's files at /."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
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
    figures,
    health,
    jobs,
    models,
    projects,
    recordings,
    scans,
    sharing,
    sso,
    timelines,
    trainings,
    users,
)
from api.sso import OidcProvider
from services.settings import Settings, get_settings
from worker.config import make_celery

API_PREFIX = "/api/v1"
WEB_CLIENT_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors "
)
LINK_PAGES = ("/s/", "/embed/")  # the web client's read-only views of a share link (SPEC 12)


class SecurityHeaders:
    """nosniff, no framing, same-origin referrers on every answer; a strict CSP on the web client's
    pages. The one exception: /embed/{token} may be framed by the origins in RNNVIS_EMBED_ORIGINS
    (CSP frame-ancestors; X-Frame-Options cannot name origins, so it is left off there)."""

    def __init__(self, app: ASGIApp, embed_ancestors: list[str]) -> None:
        self.app = app
        self.embed_ancestors = " ".join(embed_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        web_page = not path.startswith(("/api/", "/docs", "/redoc", "/openapi.json", "/healthz", "/readyz"))
        framed_by = self.embed_ancestors if path.startswith("/embed/") and self.embed_ancestors else None

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                if framed_by is None:
                    headers.append((b"x-frame-options", b"DENY"))
                if web_page:
                    csp = WEB_CLIENT_CSP + (framed_by or "'none'")
                    headers.append((b"content-security-policy", csp.encode()))
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


def add_link_pages(app: FastAPI, index: Path) -> None:
    """/s/{token} and /embed/{token}: the web client's page, which reads the link itself. Its files
    are linked relatively (web/vite.config.ts), so the page is told its base, one level up."""
    page = index.read_text().replace("<head>", '<head>\n    <base href="../" />', 1)

    async def link_page(token: str) -> HTMLResponse:  # the token is read by the page, not here
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    for prefix in LINK_PAGES:
        app.add_api_route(f"{prefix}{{token}}", link_page, methods=["GET"], include_in_schema=False)


def operation_id(route: APIRoute) -> str:
    """Each operation's id: its route function's name (create_model, get_timeline), short and stable,
    so that a client generated from openapi.json has methods of those names rather than FastAPI's
    default of the name, path and method run together (tests/unit/test_hostile_input.py checks them)."""
    return route.name


def mark_files(schema: dict[str, Any]) -> dict[str, Any]:
    """Upload fields as the common client generators read them: OpenAPI 3.1's contentMediaType, which
    FastAPI writes, and `format: binary` beside it (OpenAPI 3.0's word for a file), without which
    openapi-python-client sends a file's repr as a string."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("contentMediaType") == "application/octet-stream":
                node["format"] = "binary"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.get("components", {}).get("schemas", {}))
    return schema


def _routes() -> FastAPI:
    """The application's routes, before anything connects to a database or a broker."""
    app = FastAPI(
        title="RNNVis",
        version="1",
        summary="What recurrent neural networks hold in their hidden memory (Ming et al., VAST 2017)",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    generate = app.openapi

    def openapi() -> dict[str, Any]:  # FastAPI's schema, kept once made, with the upload fields marked
        return app.openapi_schema or mark_files(generate())

    app.openapi = openapi  # type: ignore[method-assign]
    add_api_docs(app)
    app.include_router(health.router)
    for module in (
        models,
        corpora,
        recordings,
        coclusterings,
        scans,
        ablations,
        timelines,
        exports,
        figures,
        trainings,
        jobs,
        users,
        projects,
        sharing,
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
    app.add_middleware(SecurityHeaders, embed_ancestors=settings.embed_ancestors)
    if settings.cors_origins:  # closed unless configured: no other site's page may call the API
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    web = settings.web_files
    if (web / "index.html").exists():
        add_link_pages(app, web / "index.html")
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
