"""Tokens: hashed, expiring, revocable; admin-only routes."""

from __future__ import annotations

import subprocess
from pathlib import Path

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
        me = hal.get("/me").json()
        assert {k: me[k] for k in ("id", "name", "is_admin", "tokens")} == {
            "id": created.json()["user"]["id"],
            "name": "hal",
            "is_admin": False,
            "tokens": 1,
        }
        assert me["created_at"] == created.json()["user"]["created_at"] is not None
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


def test_a_token_from_the_shell_is_alone_on_stdout_and_never_from_a_new_folder(
    service: RunningService, tmp_path: Path
) -> None:
    def users(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in service.env.items() if k != "RNNVIS_DATA_DIR"}
        return subprocess.run([str(RNNVIS), "users", *args], capture_output=True, text=True, env=env, cwd=cwd)

    where = ("--data-dir", str(service.data_dir))
    first = users("token", "ivy", "--create", *where)
    again = users("token", "ivy", "--create", *where)
    for done in (first, again):
        assert done.returncode == 0 and done.stdout.count("\n") == 1 and done.stdout.startswith("rnv_")
        assert f"data folder {service.data_dir.resolve()}" in done.stderr
    assert "created user 'ivy'" in first.stderr and "created" not in again.stderr
    with service.client(again.stdout.strip()) as ivy:
        assert ivy.get("/me").json()["tokens"] == 2
    elsewhere = users("create", "zed", cwd=tmp_path)  # no ./rnnvis-data here: say so, make nothing
    assert (
        elsewhere.returncode == 2
        and f"no RNNVis data folder at {tmp_path / 'rnnvis-data'}" in elsewhere.stderr
    )
    assert not (tmp_path / "rnnvis-data").exists()


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
