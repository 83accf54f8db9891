"""Settings of the API, the workers and `rnnvis serve`, from the environment (and a .env file).

Every name here is also an environment variable: RNNVIS_<NAME>, except DATABASE_URL and REDIS_URL,
which keep their conventional names. docker-compose.yml and .env.example use exactly these names
(tests/integration/test_compose.py checks it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MiB = 1024 * 1024
# a CSP source for frame-ancestors: scheme://host[:port], the host may start with "*."
EMBED_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9.-]+(:([0-9]{1,5}|\*))?")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RNNVIS_", env_file=".env", extra="ignore")

    data_dir: Path = Path("rnnvis-data")
    # None: `rnnvis serve` runs its own PostgreSQL and Redis under data_dir.
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "RNNVIS_DATABASE_URL")
    )
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "RNNVIS_REDIS_URL")
    )
    artifact_dir: Path | None = (
        None  # uploaded files; shared by the API and the workers (default data_dir/artifacts)
    )
    # SPEC 10: where records' files live for good: a folder, or s3://BUCKET/PREFIX (then artifact_dir
    # holds only staging, and workers and API processes read through a bounded cache)
    artifact_url: str | None = None
    s3_endpoint_url: str | None = None  # MinIO, Ceph, ...; empty for AWS S3
    aws_region: str | None = Field(
        default=None, validation_alias=AliasChoices("AWS_REGION", "RNNVIS_AWS_REGION")
    )
    cache_dir: Path | None = None  # files fetched from an object store (default data_dir/cache)
    cache_bytes: int = 8 * 1024 * MiB  # the cache's size: least recently used files go past it
    web_dir: Path | None = None  # the built web client (default web/dist beside the code)

    token_days: int | None = 365  # a new API token expires after this many days (None: never)
    session_days: int = 7  # a browser's password sign-in lasts this many days
    session_token_max_days: int = 90  # the longest an API token made from a browser's sign-in lasts
    # optional OpenID Connect single sign-on for the web client (docs/guide.md): on when oidc_issuer is set
    oidc_issuer: str | None = None  # the provider's issuer URL (its /.well-known/openid-configuration)
    oidc_client_id: str | None = None  # this server's client id at the provider
    oidc_client_secret: str | None = None  # and its secret (client_secret_basic); None for a public client
    oidc_scopes: str = "openid email profile"
    oidc_name_claim: str = "preferred_username"  # the claim a new account's user name comes from
    oidc_new_users: bool = True  # a first sign-in makes an account; False: only accounts an admin linked
    oidc_label: str = "single sign-on"  # the web client's button: "Sign in with <label>"
    public_url: str | None = None  # how browsers reach this server (https://rnnvis.lab.example): the
    # sign-in's redirect URI; None: taken from each request (right unless a proxy rewrites the host)
    # proxies whose X-Forwarded-For and -Proto are believed (addresses or networks, comma-separated;
    # "*" any): the client address that sign-in throttles count. Empty: none, the socket's peer counts
    trusted_proxies: str = ""
    cors_origins: list[str] = []  # browser origins allowed to call the API from other sites (none by default)
    share_links: bool = True  # SPEC 12: read-only links to a resource (/shared/{token}); False: none answer
    # SPEC 12: origins whose pages may frame /embed/{token} (space- or comma-separated, e.g.
    # "https://lab.example https://*.university.example"); empty: no page may frame any view
    embed_origins: str = ""

    max_upload_bytes: int = 512 * MiB  # per model or corpus upload: 413 above it
    max_json_bytes: int = 1 * MiB  # any other request body: 413 above it
    body_idle_s: float = 30.0  # a request body that stops arriving this long: 408
    max_header_bytes: int = 64 * 1024  # `rnnvis serve`: request line and headers, 431 above it
    header_timeout_s: float = 20.0  # `rnnvis serve`: headers must arrive within this: 408
    max_corpus_tokens: int = 50_000_000  # per corpus (white-space tokens): 413 above it
    max_vocab_tokens: int = 1_000_000  # per uploaded vocabulary (~150 MB to check): 422 above
    max_active_jobs: int = 4  # queued or running jobs per user: 429 above it
    max_stored_bytes: int = 20 * 1024 * MiB  # uploaded files kept per user (models and corpora): 413 above it
    max_interactive_calls: int = 2  # evaluations and alignments one user may wait for at once: 429 above it
    max_text_chars: int = 20_000  # sentence evaluation: 413 above it
    # a recording's statistics estimated before it runs (services/recording/size.py): 413 above it
    max_recording_bytes: int = 6 * 1024 * MiB

    # `rnnvis serve`: the API's log level ("info" adds one access line per request; share-link
    # tokens in paths are written as <token>: runtime/http_server.py)
    api_log_level: Literal["critical", "error", "warning", "info", "debug"] = "warning"
    api_processes: int = 2  # `rnnvis serve`: API processes (uvicorn workers) sharing its port
    model_cache_size: int = 4  # models a worker keeps loaded for sentence evaluation
    interactive_timeout_s: float = 60.0  # how long the API waits for an evaluation or alignment
    job_visibility_timeout_s: int = 6 * 3600  # a job of a lost worker is handed out again after this
    progress_interval_s: float = 1.0  # how often a job writes its progress and checks for cancel
    job_heartbeat_s: float = 10.0  # how often a running job says it is alive
    job_stale_after_s: float = 120.0  # a running job silent this long is taken as lost and queued again
    job_max_attempts: int = 3  # a job lost this many times fails instead
    job_reap_interval_s: float = 30.0  # how often each batch worker looks for lost jobs
    # SPEC 10: a recording with `shards` null is cut into one shard per this many tokens
    shard_tokens: int = 2_000_000
    job_time_limit_s: int = 4 * 3600  # a job running longer fails (keep it below the visibility timeout)

    @field_validator("oidc_issuer", "oidc_client_id", "oidc_client_secret", "public_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value  # compose passes an unset variable as ""

    @field_validator("embed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        for origin in value.replace(",", " ").split():
            if not EMBED_ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"RNNVIS_EMBED_ORIGINS: {origin!r} is not an origin such as https://lab.example"
                )
        return value

    @property
    def embed_ancestors(self) -> list[str]:
        """embed_origins as Content-Security-Policy frame-ancestors sources."""
        return self.embed_origins.replace(",", " ").split()

    @property
    def artifacts(self) -> Path:
        """The local artifact folder: the records' files with a folder store, staging always."""
        if self.artifact_url and not self.artifact_url.startswith("s3://"):
            return Path(self.artifact_url)
        return self.artifact_dir or self.data_dir / "artifacts"

    @property
    def cache(self) -> Path:
        return self.cache_dir or self.data_dir / "cache"

    @property
    def web_files(self) -> Path:
        return self.web_dir or Path(__file__).resolve().parents[1] / "web" / "dist"


@lru_cache
def get_settings() -> Settings:
    return Settings()
