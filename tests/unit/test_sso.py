"""The ID token check of single sign-on (api/sso.verify_id_token): tokens signed here with keys made
here, each with one thing wrong, must all be refused; the right one gives its claims. The words a
provider's `error` becomes never carry the caller's own text (services/domain/sso.provider_refusal)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet, RSAKey

from api.sso import CLOCK_LEEWAY_S, OidcProvider, verify_id_token
from services.domain.errors import NotSignedIn, Unavailable
from services.domain.sso import provider_refusal
from services.settings import Settings

ISSUER, CLIENT, NONCE = "https://login.example.edu", "rnnvis", "n-0123456789"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER = RSAKey.generate_key(2048, parameters={"kid": "k2"})
PUBLISHED = KeySet([KEY]).as_dict(private=False)


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "u-42", "aud": CLIENT, "iat": now, "exp": now + 300, "nonce": NONCE}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(claims: dict[str, Any], key: RSAKey = KEY) -> str:
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def _verify(token: str, access_token: str | None = None) -> dict[str, Any]:
    return verify_id_token(
        token,
        PUBLISHED,
        issuer=ISSUER,
        client_id=CLIENT,
        nonce=NONCE,
        access_token=access_token,
        algorithms=["RS256"],
    )


def _at_hash(access_token: str) -> str:
    digest = hashlib.sha256(access_token.encode()).digest()[:16]  # the left half (OIDC Core 3.1.3.6)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_a_token_signed_by_the_provider_for_this_client_gives_its_claims() -> None:
    claims = _verify(_signed(_claims(aud=[CLIENT], email="erin@example.edu")))
    assert (claims["sub"], claims["email"]) == ("u-42", "erin@example.edu")
    at = "access-token-1"
    assert _verify(_signed(_claims(at_hash=_at_hash(at))), access_token=at)["sub"] == "u-42"


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "another sign-in's nonce"},
        {"nonce": None},
        {"aud": "another-client"},
        {"aud": None},
        {"iss": "https://evil.example"},
        {"exp": int(time.time()) - CLOCK_LEEWAY_S - 60},
        {"iat": None},
        {"sub": None},
        {"aud": ["another-client", CLIENT], "azp": "another-client"},
        {"at_hash": _at_hash("a different access token")},
    ],
    ids=lambda c: ",".join(c),
)
def test_a_token_with_one_claim_wrong_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(NotSignedIn):
        _verify(_signed(_claims(**changes)), access_token="access-token-1")


def test_a_forged_or_unsigned_token_is_refused() -> None:
    token = _signed(_claims())
    header, payload, signature = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged["sub"] = "admin"
    body = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(NotSignedIn):
        _verify(f"{header}.{body}.{signature}")
    unsigned = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    with pytest.raises(NotSignedIn):
        _verify(f"{unsigned}.{payload}.")
    with pytest.raises(NotSignedIn):
        _verify("not a token")


def test_a_key_the_provider_does_not_publish() -> None:
    # named by a kid the keys lack: the provider may have rotated its keys, so the caller reads them again
    with pytest.raises(InvalidKeyIdError):
        _verify(_signed(_claims(), OTHER))
    # the same key's kid, another key's signature: refused
    impostor = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(NotSignedIn):
        _verify(_signed(_claims(), impostor))


def test_the_providers_error_shows_only_its_code() -> None:
    assert provider_refusal("access_denied") == "the sign-in was declined at the provider"
    assert "(temporarily_unavailable)" in provider_refusal("temporarily_unavailable")
    phishing = "Your account is locked. Call +1 555 0100 now"
    assert "555" not in provider_refusal(phishing) and "(an unknown error)" in provider_refusal(phishing)


def test_an_unreachable_provider_is_unavailable_in_words_and_read_again_later() -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(_env_file=None, oidc_issuer=f"http://127.0.0.1:{port}", oidc_client_id=CLIENT)  # type: ignore[call-arg]
    provider = OidcProvider(settings)
    for _ in range(2):  # a failed read is not kept: the next sign-in tries the provider again
        with pytest.raises(Unavailable, match="the single sign-on provider cannot be reached"):
            provider.authorization_url("http://rnnvis/auth/sso/callback", "state", "nonce", "v" * 43)
    with pytest.raises(RuntimeError, match="RNNVIS_OIDC_CLIENT_ID"):
        OidcProvider(Settings(_env_file=None, oidc_issuer="https://login.example.edu"))  # type: ignore[call-arg]
