"""The OpenID Connect provider over HTTP (services.domain.ports.IdentityProvider): its discovery
document, the authorization URL (code flow with PKCE S256), the code exchanged for tokens, and the ID
token verified: its signature by joserfc against the provider's keys, its claims by Authlib's
CodeIDToken (issuer, audience, expiry, issued-at, nonce, azp, at_hash).

The discovery document and keys are read once per process and read again when a token names a key
they do not hold (the provider rotated its keys) or when reading them failed.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from services.domain.errors import NotSignedIn, Unavailable
from services.settings import Settings

SSO_START = "/auth/sso/start"  # the browser pages (api/routers/sso.py)
SSO_CALLBACK = "/auth/sso/callback"  # the redirect URI to register at the provider
HTTP_TIMEOUT_S = 10.0
CLOCK_LEEWAY_S = 120  # the provider's clock and ours may differ this much
UNREACHABLE = "the single sign-on provider cannot be reached: try again in a while"


def verify_id_token(
    id_token: str,
    keys: dict[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    access_token: str | None,
    algorithms: list[str] | None,
    now: int | None = None,
) -> dict[str, Any]:
    """The ID token's claims once its signature and claims verify; InvalidKeyIdError when it names a
    key `keys` lacks, NotSignedIn for anything else that does not verify."""
    try:
        token = jwt.decode(
            id_token,
            KeySet.import_key_set(keys),  # type: ignore[arg-type]
            registry=JWSRegistry(algorithms=algorithms or ["RS256"], strict_check_header=False),
        )
    except InvalidKeyIdError:
        raise
    except (JoseError, ValueError) as exc:
        raise NotSignedIn(f"the provider's ID token did not verify ({exc}): sign in again") from None
    claims = CodeIDToken(
        token.claims,
        token.header,
        {"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": client_id}},
        {"nonce": nonce, "client_id": client_id, "access_token": access_token},
    )
    try:
        claims.validate(now=now, leeway=CLOCK_LEEWAY_S)
    except JoseError as exc:
        raise NotSignedIn(f"the provider's ID token was refused ({exc}): sign in again") from None
    return dict(claims)


class OidcProvider:
    def __init__(self, settings: Settings) -> None:
        if not settings.oidc_issuer or not settings.oidc_client_id:
            raise RuntimeError("single sign-on needs both RNNVIS_OIDC_ISSUER and RNNVIS_OIDC_CLIENT_ID")
        self.issuer = settings.oidc_issuer
        self.client_id = settings.oidc_client_id
        self.client_secret = settings.oidc_client_secret
        self.scopes = settings.oidc_scopes
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._keys: dict[str, Any] | None = None

    def _get(self, url: str) -> dict[str, Any]:
        try:
            answer = httpx.get(url, timeout=HTTP_TIMEOUT_S, follow_redirects=True)
            answer.raise_for_status()
            body: dict[str, Any] = answer.json()
            return body
        except (httpx.HTTPError, ValueError) as exc:
            raise Unavailable(f"{UNREACHABLE} ({type(exc).__name__} from {url})") from None

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                found = self._get(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
                if found.get("issuer") != self.issuer:  # OpenID Connect Discovery 4.3
                    raise Unavailable(
                        f"the provider's discovery document names the issuer {found.get('issuer')!r}, "
                        f"not {self.issuer!r} (RNNVIS_OIDC_ISSUER must be exactly the provider's issuer)"
                    )
                self._metadata = found
            return self._metadata

    def keys(self, fresh: bool = False) -> dict[str, Any]:
        uri = self.metadata()["jwks_uri"]
        with self._lock:
            if self._keys is None or fresh:
                self._keys = self._get(uri)
            return self._keys

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": self.scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": create_s256_code_challenge(code_verifier),
            "code_challenge_method": "S256",
        }
        return str(add_params_to_uri(self.metadata()["authorization_endpoint"], list(params.items())))

    def identity(self, redirect_uri: str, code: str, nonce: str, code_verifier: str) -> dict[str, Any]:
        metadata = self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        auth = None
        if self.client_secret is None:  # a public client names itself in the form
            form["client_id"] = self.client_id
        else:  # client_secret_basic: what every provider supports (RFC 6749 2.3.1)
            auth = httpx.BasicAuth(self.client_id, self.client_secret)
        try:
            answer = httpx.post(metadata["token_endpoint"], data=form, auth=auth, timeout=HTTP_TIMEOUT_S)
        except httpx.HTTPError as exc:
            raise Unavailable(f"{UNREACHABLE} ({type(exc).__name__})") from None
        try:
            tokens: Any = answer.json()
        except ValueError:
            tokens = None
        if not isinstance(tokens, dict):
            tokens = {}
        if answer.status_code != 200 or not isinstance(tokens.get("id_token"), str):
            error = str(tokens.get("error", f"HTTP {answer.status_code}"))[:60]
            raise NotSignedIn(f"the provider did not exchange the sign-in's code ({error}): sign in again")

        def verified(keys: dict[str, Any]) -> dict[str, Any]:
            return verify_id_token(
                tokens["id_token"],
                keys,
                issuer=self.issuer,
                client_id=self.client_id,
                nonce=nonce,
                access_token=tokens.get("access_token"),
                algorithms=metadata.get("id_token_signing_alg_values_supported"),
            )

        try:
            return verified(self.keys())
        except InvalidKeyIdError:  # keys rotated since they were read
            try:
                return verified(self.keys(fresh=True))
            except InvalidKeyIdError:
                unknown = "the provider's ID token is signed with a key it does not publish"
                raise NotSignedIn(unknown) from None
