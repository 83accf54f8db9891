"""Accounts people sign in to (services/domain/accounts.py), over real HTTP against `rnnvis serve`:
password sign-in with an HttpOnly session cookie, the CSRF header on requests that change something,
failed sign-ins slowed down, tokens a user makes, names and revokes, and an administrator's
password resets, disabled users and usage. API tokens keep working as before."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from client import Client
from services.domain.accounts import FREE_FAILURES, SESSION_NAME, WRONG
from tests.service.conftest import Uploaded
from tests.service.stack import RNNVIS, RunningService


@pytest.fixture
def browser(service: RunningService) -> Iterator[httpx.Client]:
    """A client with no token that keeps cookies, as a browser does."""
    with httpx.Client(base_url=f"{service.url}/api/v1", timeout=60) as client:
        yield client


def _sign_in(browser: httpx.Client, name: str, password: str) -> httpx.Response:
    return browser.post("/session", json={"name": name, "password": password})


def test_a_password_sign_in_sets_a_session_cookie_that_needs_its_csrf_header(
    service: RunningService, admin: httpx.Client, browser: httpx.Client
) -> None:
    made = admin.post("/users", json={"name": "acct-dora", "password": "correct horse battery"})
    assert made.status_code == 201, made.text
    assert made.json()["user"]["has_password"] is True

    for name, password in (("acct-dora", "wrong password"), ("nobody-at-all", "wrong password")):
        wrong = _sign_in(browser, name, password)
        assert (wrong.status_code, wrong.json()["detail"]) == (401, WRONG)  # the same words for both

    signed = _sign_in(browser, "Acct-Dora", "correct horse battery")  # names compare case-folded
    assert signed.status_code == 200, signed.text
    csrf = signed.json()["csrf_token"]
    cookies = signed.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("rnnvis_session="))
    assert "HttpOnly" in session and "SameSite=strict" in session and "Path=/api" in session
    assert any(c.startswith(f"rnnvis_csrf={csrf}") for c in cookies)
    assert browser.get("/me").json()["name"] == "acct-dora"

    # a request that changes something, with the cookie alone, is refused before it runs
    refused = browser.post("/tokens", json={"name": "laptop"})
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    assert (
        browser.post("/tokens", json={"name": "laptop"}, headers={"X-CSRF-Token": "0" * 64}).status_code
        == 403
    )
    made = browser.post("/tokens", json={"name": "laptop"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201, made.text
    laptop = made.json()
    assert laptop["secret"].startswith("rnv_") and laptop["token"]["name"] == "laptop"

    # the token made in the browser works for a program, with no CSRF header (as every API token)
    with service.client(laptop["secret"]) as program:
        assert program.get("/me").json()["name"] == "acct-dora"
        assert program.post("/tokens", json={"name": "ci", "expires_days": 30}).status_code == 201
    listed = {t["name"]: t for t in browser.get("/tokens").json()}
    assert {"laptop", "ci", SESSION_NAME} <= listed.keys()
    assert listed[SESSION_NAME]["kind"] == "session" and listed["ci"]["kind"] == "api"

    # revoked in the browser: refused to the program at once
    gone = browser.delete(f"/tokens/{laptop['token']['id']}", headers={"X-CSRF-Token": csrf})
    assert gone.status_code == 204
    with service.client(laptop["secret"]) as program:
        assert program.get("/me").status_code == 401
    # another user's token id: 404, as any other user's id
    theirs = admin.get("/tokens").json()[0]["id"]
    assert browser.delete(f"/tokens/{theirs}", headers={"X-CSRF-Token": csrf}).status_code == 404
    assert admin.get("/me").status_code == 200

    # sign out: the session ends and the cookies go
    assert browser.delete("/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get("/me").status_code == 401


def test_failed_sign_ins_wait_and_a_reset_password_lifts_the_wait(
    admin: httpx.Client, browser: httpx.Client
) -> None:
    made = admin.post("/users", json={"name": "acct-guesser", "password": "the right password"}).json()
    for _ in range(FREE_FAILURES):
        assert _sign_in(browser, "acct-guesser", "a wrong guess").status_code == 401
    waiting = _sign_in(browser, "acct-guesser", "the right password")  # right, but now it waits
    assert waiting.status_code == 429 and "try again in 30 s" in waiting.json()["detail"], waiting.text
    reset = admin.patch(f"/users/{made['user']['id']}", json={"password": "a password reset"})
    assert reset.status_code == 200, reset.text
    assert _sign_in(browser, "acct-guesser", "the right password").status_code == 401
    assert _sign_in(browser, "acct-guesser", "a password reset").status_code == 200


def test_an_administrator_disables_a_user_and_sees_usage(
    service: RunningService,
    admin: httpx.Client,
    alice: httpx.Client,
    uploaded: Uploaded,
    browser: httpx.Client,
) -> None:
    made = admin.post("/users", json={"name": "acct-frank", "password": "acct-frank's password"}).json()
    frank_id = made["user"]["id"]
    with service.client(made["token"]) as frank:
        assert frank.get("/me").status_code == 200
        assert admin.patch(f"/users/{frank_id}", json={"disabled": True}).json()["disabled"] is True
        assert frank.get("/me").status_code == 401  # at once, not after the token cache's seconds
        refused = _sign_in(browser, "acct-frank", "acct-frank's password")
        assert refused.status_code == 403 and "disabled" in refused.json()["detail"]
        admin.patch(f"/users/{frank_id}", json={"disabled": False}).raise_for_status()
        assert frank.get("/me").status_code == 200
        assert frank.patch(f"/users/{frank_id}", json={"admin": True}).status_code == 403

    me = admin.get("/me").json()
    assert admin.patch(f"/users/{me['id']}", json={"disabled": True}).status_code == 409
    usage = {u["name"]: u for u in admin.get("/users").json()}
    alice_row = usage[alice.get("/me").json()["name"]]
    assert alice_row["stored_bytes"] > 0 and alice_row["jobs"] >= 2
    assert alice_row["quota_bytes"] >= alice_row["stored_bytes"]


def test_users_change_their_own_password_and_the_command_line_sets_one(
    service: RunningService, admin: httpx.Client, browser: httpx.Client
) -> None:
    made = admin.post("/users", json={"name": "acct-gina"}).json()  # tokens only, no password yet
    assert made["user"]["has_password"] is False
    assert _sign_in(browser, "acct-gina", "anything at all").status_code == 401
    done = subprocess.run(
        [str(RNNVIS), "users", "password", "acct-gina", "--data-dir", str(service.data_dir)],
        input="set on the shell\n",
        capture_output=True,
        text=True,
        env=service.env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    signed = _sign_in(browser, "acct-gina", "set on the shell")
    assert signed.status_code == 200
    csrf = {"X-CSRF-Token": signed.json()["csrf_token"]}
    wrong = browser.post("/me/password", json={"current": "not it", "new": "a longer new one"}, headers=csrf)
    assert wrong.status_code == 403
    short = browser.post("/me/password", json={"current": "set on the shell", "new": "short"}, headers=csrf)
    assert short.status_code == 422
    changed = browser.post(
        "/me/password", json={"current": "set on the shell", "new": "a longer new one"}, headers=csrf
    )
    assert changed.status_code == 200 and changed.json() == {"sessions_ended": 0}
    assert _sign_in(browser, "acct-gina", "a longer new one").status_code == 200


def test_the_python_client_signs_in_with_a_password(service: RunningService, admin: httpx.Client) -> None:
    admin.post("/users", json={"name": "acct-hana", "password": "hana's password"}).raise_for_status()
    with Client(service.url, "", progress=False) as client:  # no token: the password's session
        assert client.sign_in("acct-hana", "hana's password").user.name == "acct-hana"
        made = client.make_token("notebook", expires_days=30)  # a change: the CSRF header goes with it
        assert made.secret.startswith("rnv_") and "notebook" in [t.name for t in client.tokens()]
        client.sign_out()
    with Client(service.url, made.secret, progress=False) as program:
        assert program.me().name == "acct-hana"


def test_a_password_change_reset_or_disable_ends_sessions_for_good(
    service: RunningService, admin: httpx.Client
) -> None:
    made = admin.post("/users", json={"name": "acct-ines", "password": "ines's first password"}).json()
    user_id = made["user"]["id"]

    def signed_in(password: str) -> tuple[httpx.Client, dict[str, str]]:
        browser = httpx.Client(base_url=f"{service.url}/api/v1", timeout=60)
        answer = _sign_in(browser, "acct-ines", password)
        assert answer.status_code == 200, answer.text
        return browser, {"X-CSRF-Token": answer.json()["csrf_token"]}

    (laptop, _), (phone, phone_csrf) = signed_in("ines's first password"), signed_in("ines's first password")
    changed = phone.post(
        "/me/password",
        json={"current": "ines's first password", "new": "ines's second one"},
        headers=phone_csrf,
    )
    assert changed.status_code == 200 and changed.json() == {"sessions_ended": 1}, changed.text
    assert laptop.get("/me").status_code == 401  # signed in with the old password: ended at once
    assert phone.get("/me").status_code == 200  # the browser that changed it stays

    reset = admin.patch(f"/users/{user_id}", json={"password": "the administrator's reset"})
    assert reset.status_code == 200 and reset.json()["sessions_ended"] == 1, reset.text
    assert phone.get("/me").status_code == 401

    tablet, _ = signed_in("the administrator's reset")
    disabled = admin.patch(f"/users/{user_id}", json={"disabled": True}).json()
    assert disabled["sessions_ended"] == 1 and tablet.get("/me").status_code == 401
    admin.patch(f"/users/{user_id}", json={"disabled": False}).raise_for_status()
    assert tablet.get("/me").status_code == 401  # enabled again: the old session stays ended
    with service.client(made["token"]) as program:  # API tokens are the owner's to revoke
        assert program.get("/me").status_code == 200
    for browser in (laptop, phone, tablet):
        browser.close()


def test_a_token_made_from_a_session_or_a_token_never_outlives_its_maker(
    service: RunningService, admin: httpx.Client, browser: httpx.Client
) -> None:
    admin.post("/users", json={"name": "acct-jon", "password": "jon's password!"}).raise_for_status()
    csrf = {"X-CSRF-Token": _sign_in(browser, "acct-jon", "jon's password!").json()["csrf_token"]}
    decade = browser.post("/tokens", json={"name": "for years", "expires_days": 3650}, headers=csrf)
    assert decade.status_code == 422, decade.text
    assert "a token made from a browser sign-in lasts at most 90 days" in decade.json()["detail"]
    default = browser.post("/tokens", json={"name": "default"}, headers=csrf).json()  # 365 asked: 90 given
    left = datetime.fromisoformat(default["token"]["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=89) < left <= timedelta(days=90), left
    month = browser.post("/tokens", json={"name": "a month", "expires_days": 30}, headers=csrf).json()
    with service.client(month["secret"]) as program:
        longer = program.post("/tokens", json={"name": "longer", "expires_days": 60})
        assert (
            longer.status_code == 422 and "cannot outlive the token that makes it" in longer.json()["detail"]
        )
        clamped = program.post("/tokens", json={"name": "clamped"}).json()["token"]["expires_at"]
        assert clamped == month["token"]["expires_at"]
        bidi = program.post("/tokens", json={"name": "evil\u202etxt.exe"})
        assert bidi.status_code == 422 and "U+202E" in bidi.json()["detail"]
