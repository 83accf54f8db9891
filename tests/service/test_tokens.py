"""Tokens: hashed, expiring, revocable; admin-only routes."""

from __future__ import annotations

import subprocess

import httpx

from tests.service.stack import RNNVIS, RunningService


def test_tokens_are_stored_hashed(service: RunningService, alice: httpx.Client) -> None:
    token = str(alice.headers["Authorization"]).removeprefix("Bearer ")
    dump = subprocess.run(
        ["grep", "-r", "-l", "-a", token, str(service.data_dir / "postgres")], capture_output=True, text=True
    )
    assert dump.stdout == ""  # the token itself is nowhere in the database files


def test_an_expired_token_is_refused(service: RunningService) -> None:
    token = service.create_user("frank", expires_days=0)
    with service.client(token) as frank:
        answer = frank.get("/me")
        assert answer.status_code == 401


def test_revoking_a_token_takes_effect_in_every_api_process(service: RunningService) -> None:
    token = service.create_user("gina")
    fresh = {"Connection": "close"}  # new connections reach both API processes
    with service.client(token) as gina:
        for _ in range(6):
            assert gina.get("/me", headers=fresh).json()["name"] == "gina"
        assert gina.delete("/tokens/current").status_code == 204
        for _ in range(6):
            assert gina.get("/me", headers=fresh).status_code == 401


def test_admin_only_routes(service: RunningService, admin: httpx.Client, bob: httpx.Client) -> None:
    assert bob.get("/users").status_code == 403
    assert bob.post("/users", json={"name": "eve"}).status_code == 403
    created = admin.post("/users", json={"name": "hal"})
    assert created.status_code == 201
    assert admin.post("/users", json={"name": "hal"}).status_code == 409
    with service.client(created.json()["token"]) as hal:
        assert hal.get("/me").json() == {
            "id": created.json()["user"]["id"],
            "name": "hal",
            "is_admin": False,
            "created_at": None,
            "tokens": None,
        }
        names = {u["name"] for u in admin.get("/users").json()}
        assert {"hal", "alice", "bob"} <= names
        assert admin.delete(f"/users/{created.json()['user']['id']}/tokens").status_code == 204
        assert hal.get("/me", headers={"Connection": "close"}).status_code == 401
    revoked = subprocess.run(
        [str(RNNVIS), "users", "revoke", "nobody-here", "--data-dir", str(service.data_dir)],
        capture_output=True,
        text=True,
        env=service.env,
    )
    assert revoked.returncode == 2 and "no user" in revoked.stderr


def test_cors_is_closed_and_pages_carry_security_headers(service: RunningService) -> None:
    preflight = httpx.options(
        f"{service.url}/api/v1/models",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    page = httpx.get(f"{service.url}/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    api = httpx.get(f"{service.url}/healthz")
    assert api.headers["x-content-type-options"] == "nosniff"
