"""What the use cases need from outside the process, as interfaces the API fills in: the workers
(a job queue and interactive answers), the API processes' caches of finished results, and the
single sign-on provider."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from services.jobs.messages import JobKind, Question, QuestionPayload

__all__ = ["Forget", "IdentityProvider", "JobKind", "Question", "Workers"]


class Workers(Protocol):
    def run(self, kind: JobKind, job_id: int) -> None:
        """Send a committed job to the workers; Unavailable when the queue cannot be reached."""

    def ask(self, question: Question, payload: QuestionPayload, caller_id: int) -> dict[str, Any]:
        """An interactive answer, waited for; Invalid for bad input, Unavailable when nobody answers,
        TooManyJobs when the caller already waits for settings.max_interactive_calls answers."""


class Forget(Protocol):
    def __call__(self, kind: Literal["recording", "coclustering"], record_ids: list[int]) -> None:
        """Results of these records are about to be deleted: evict them from every cache."""


class IdentityProvider(Protocol):
    """An OpenID Connect provider (api/sso.py speaks to it over HTTP)."""

    issuer: str

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        """Where the browser goes to sign in (authorization code flow, PKCE S256); Unavailable when
        the provider's configuration cannot be read."""

    def identity(self, redirect_uri: str, code: str, nonce: str, code_verifier: str) -> dict[str, Any]:
        """The claims of the ID token the code is exchanged for, its signature, issuer, audience,
        expiry and nonce verified; NotSignedIn when anything does not verify, Unavailable when the
        provider cannot be reached."""
