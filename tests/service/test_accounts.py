"""Accounts people sign in to (services/domain/accounts.py, sign_in.py), over real HTTP against
`rnnvis serve`: password sign-in with an HttpOnly session cookie and the CSRF header on every request,
failed sign-ins throttled per client address and slowed per name (never locked), tokens a user makes,
names and revokes, and an administrator's password resets, disabled users and usage. API tokens keep
working as before.

httpx stands in for a browser: its cookie jar sends a Secure cookie over https only, while browsers
send one to the loopback host over plain http; `_sign_in` marks the session cookie as browsers treat
it. The test service trusts 127.0.0.1 as a proxy, so X-Forwarded-For picks a test's client address."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, text

from api.cookies import SECURE_COOKIE
from api.gate import BAD_CSRF, OTHER_SESSION
from rnnvis_client import Client
from runtime.embedded import start_postgres
from services.database.session import sqlalchemy_url
from services.domain.sign_in import (
    CLIENT_FREE,
    NAME_DELAY_FIRST_S,
    NAME_FREE,
    SESSION_NAME,
    WRONG,
    name_throttle_key,
)
from tests.service.conftest import Uploaded
from tests.service.stack import RNNVIS, RunningService


@pytest.fixture
def browser(service: RunningService) -> Iterator[httpx.Client]:
    """A client with no token that keeps cookies, as a browser does."""
    with httpx.Client(base_url=f"{service.url}/api/v1", timeout=60) as client:
        yield client


def _sign_in(browser: httpx.Client, name: str, password: str, client: str | None = None) -> httpx.Response:
    """POST /session, from the client address `client` (X-Forwarded-For) if given."""
    headers = {"X-Forwarded-For": client} if client else None
    answer = browser.post("/session", json={"name": name, "password": password}, headers=headers)
    for cookie in browser.cookies.jar:
        cookie.secure = False  # sent over http to 127.0.0.1, as browsers do (the module's docstring)
    return answer


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
    session = next(c for c in cookies if c.startswith(f"{SECURE_COOKIE}="))
    for flag in ("HttpOnly", "SameSite=strict", "Path=/", "Secure"):
        assert flag in session, session
    assert "Domain" not in session and not any("csrf" in c for c in cookies)  # the token: in the body only
    assert browser.get("/me", headers={"X-CSRF-Token": csrf}).json()["name"] == "acct-dora"

    # the cookie alone authenticates nothing, a read included; another session's CSRF token is a 401
    for method, path in (("GET", "/me"), ("POST", "/tokens")):
        refused = browser.request(method, path, json={"name": "laptop"})
        assert (refused.status_code, refused.json()["detail"]) == (403, BAD_CSRF)
        refused = browser.request(method, path, json={"name": "laptop"}, headers={"X-CSRF-Token": "0" * 64})
        assert (refused.status_code, refused.json()["detail"]) == (401, OTHER_SESSION)
    made = browser.post("/tokens", json={"name": "laptop"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201, made.text
    laptop = made.json()
    assert laptop["secret"].startswith("rnv_") and laptop["token"]["name"] == "laptop"

    # the token made in the browser works for a program, with no CSRF header (as every API token)
    with service.client(laptop["secret"]) as program:
        assert program.get("/me").json()["name"] == "acct-dora"
        assert program.post("/tokens", json={"name": "ci", "expires_days": 30}).status_code == 201
    listed = {t["name"]: t for t in browser.get("/tokens", headers={"X-CSRF-Token": csrf}).json()}
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

    # sign out: the session ends and the cookie goes
    assert browser.delete("/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get("/me", headers={"X-CSRF-Token": csrf}).status_code == 401


def test_wrong_guesses_slow_a_name_but_never_lock_its_right_password_out(
    service: RunningService, admin: httpx.Client, browser: httpx.Client
) -> None:
    admin.post("/users", json={"name": "acct-guesser", "password": "the right password"}).raise_for_status()
    for name in ("acct-guesser", "acct-nobody-by-this-name"):  # a known name and an unknown one
        answers = [
            _sign_in(browser, name, "a wrong guess", client=f"198.51.100.{i}") for i in range(NAME_FREE)
        ]
        assert {(a.status_code, a.json()["detail"]) for a in answers} == {(401, WRONG)}
        started = time.monotonic()
        held = _sign_in(browser, name, "another wrong guess", client="198.51.100.99")
        assert (held.status_code, held.json()["detail"]) == (401, WRONG)  # the same for both names
        assert time.monotonic() - started >= NAME_DELAY_FIRST_S  # held before it was checked
    started = time.monotonic()
    right = _sign_in(browser, "acct-guesser", "the right password", client="198.51.100.100")
    assert right.status_code == 200, right.text  # later, never refused: guesses cannot keep a user out
    assert time.monotonic() - started >= NAME_DELAY_FIRST_S * 2
    # the sign-in cleared the name's count (no delay now): read in the database, not on the clock
    engine = create_engine(sqlalchemy_url(start_postgres(service.data_dir)))
    with engine.connect() as connection:
        count = text("SELECT count(*) FROM sign_in_throttles WHERE key = :key")
        assert connection.execute(count, {"key": name_throttle_key("acct-guesser")}).scalar_one() == 0
    engine.dispose()
    assert _sign_in(browser, "acct-guesser", "the right password", client="198.51.100.101").status_code == 200


def test_one_address_guessing_waits_and_others_do_not(admin: httpx.Client, browser: httpx.Client) -> None:
    admin.post("/users", json={"name": "acct-kim", "password": "kim's password"}).raise_for_status()
    guesser, neighbour = "203.0.113.66", "203.0.113.67"
    for i in range(CLIENT_FREE):  # each guess a different name: no name's delay slows this down
        assert _sign_in(browser, f"acct-guess-{i}", "a wrong guess", client=guesser).status_code == 401
    waiting = _sign_in(browser, "acct-kim", "kim's password", client=guesser)  # right, but the address waits
    assert waiting.status_code == 429, waiting.text
    assert waiting.json()["detail"].startswith("too many failed sign-ins from your address: try again in")
    assert 25 <= int(waiting.headers["Retry-After"]) <= 31
    assert _sign_in(browser, "acct-kim", "kim's password", client=neighbour).status_code == 200


def test_a_flood_of_sign_ins_from_one_address_is_refused_before_it_is_hashed(
    service: RunningService, browser: httpx.Client
) -> None:
    """Many parallel sign-ins from one address: the ones past IN_FLIGHT_PER_CLIENT per API process
    are answered 429 at once, the rest 401; nothing fails."""
    import concurrent.futures

    def guess(i: int) -> int:
        with httpx.Client(base_url=f"{service.url}/api/v1", timeout=60) as own:
            return _sign_in(own, f"acct-flood-{i}", "a wrong guess", client="203.0.113.90").status_code

    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        statuses = list(pool.map(guess, range(24)))
    assert set(statuses) <= {401, 429} and statuses.count(429) >= 8, statuses


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
        # the right password of a disabled account is answered as a wrong one: it confirms nothing
        refused = _sign_in(browser, "acct-frank", "acct-frank's password")
        assert (refused.status_code, refused.json()["detail"]) == (401, WRONG)
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
        browser.headers["X-CSRF-Token"] = answer.json()["csrf_token"]  # sent with every request
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
