"""Single sign-on over OpenID Connect (services/domain/sso.py, api/sso.py), against a real provider
started by the test (oidc-provider-mock: Authlib's authorization server, signing ID tokens with its
own RSA key) and this module's `rnnvis serve`. The browser is an httpx client that keeps cookies;
the provider's sign-in form is posted as a person would fill it in (web/e2e/run.mjs does it in
Chromium).

The whole flow: /auth/sso/start sends the browser to the provider (state, nonce, PKCE), the provider
sends it back to /auth/sso/callback with a code, the server exchanges the code, verifies the ID
token and signs the browser in with the same session cookies as a password sign-in.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
from sqlalchemy import create_engine, text

from api.cookies import SECURE_COOKIE
from runtime.embedded import start_postgres
from services.database.session import sqlalchemy_url
from services.domain.sso import MAX_PENDING, PENDING_PER_CLIENT, SESSION_NAME
from tests.service.conftest import OIDC_CLIENT_ID, OIDC_LABEL, sso_settings
from tests.service.stack import RNNVIS, RunningService, start_service


@pytest.fixture
def browser(service: RunningService) -> Iterator[httpx.Client]:
    """No token, keeps cookies, follows no redirect (each hop is checked)."""
    with httpx.Client(base_url=service.url, timeout=60) as client:
        yield client


def at_provider(oidc_provider: str, subject: str, claims: dict[str, object] | None = None) -> None:
    """What the provider knows of the subject: its claims (the provider's own test API)."""
    if claims is not None:
        httpx.put(f"{oidc_provider}/users/{subject}", json=claims).raise_for_status()


def leave_for_provider(browser: httpx.Client) -> str:
    started = browser.get("/auth/sso/start")
    assert started.status_code == 303, started.text
    return started.headers["location"]


def sign_in_at_provider(authorization_url: str, subject: str, action: str | None = None) -> str:
    """The provider's form filled in and sent: where it sends the browser back (our callback)."""
    form = {"sub": subject} if action is None else {"action": action}
    answer = httpx.post(authorization_url, data=form)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def back_from_provider(browser: httpx.Client, callback: str) -> httpx.Response:
    back = browser.get(callback)
    assert back.status_code == 303 and re.fullmatch(r"/(#signed-in=[0-9a-f]{64})?", back.headers["location"])
    for cookie in browser.cookies.jar:
        cookie.secure = False  # sent over http to 127.0.0.1, as browsers do (test_accounts.py says why)
    if "#signed-in=" in back.headers["location"]:  # the tab keeps the token and sends it every time
        browser.headers.update(csrf_of(back))
    return back


def csrf_of(back: httpx.Response) -> dict[str, str]:
    """The CSRF header of the session the callback made: its token is in the redirect's fragment."""
    location = back.headers["location"]
    assert location.startswith("/#signed-in="), (location, refusal(back))
    return {"X-CSRF-Token": location.removeprefix("/#signed-in=")}


def refusal(back: httpx.Response) -> str | None:
    """The words the web client's sign-in page will show (a short-lived cookie), if any."""
    for cookie in back.headers.get_list("set-cookie"):
        if cookie.startswith("rnnvis_sign_in_error="):
            return unquote(cookie.split(";")[0].split("=", 1)[1])
    return None


def sso_sign_in(
    browser: httpx.Client, oidc_provider: str, subject: str, claims: dict[str, object] | None = None
) -> httpx.Response:
    at_provider(oidc_provider, subject, claims)
    return back_from_provider(browser, sign_in_at_provider(leave_for_provider(browser), subject))


def test_the_sign_in_page_learns_of_single_sign_on(service: RunningService) -> None:
    options = httpx.get(f"{service.url}/api/v1/session/options").json()  # no token: the sign-in page asks
    assert options == {"password": True, "sso_label": OIDC_LABEL, "sso_url": "/auth/sso/start"}


def test_a_first_sign_in_makes_an_account_and_the_next_finds_it_by_subject(
    service: RunningService, oidc_provider: str, browser: httpx.Client, admin: httpx.Client
) -> None:
    url = leave_for_provider(browser)
    sent = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{oidc_provider}/oauth2/authorize?")
    assert sent["client_id"] == [OIDC_CLIENT_ID] and sent["response_type"] == ["code"]
    assert sent["code_challenge_method"] == ["S256"] and len(sent["code_challenge"][0]) == 43
    assert sent["redirect_uri"] == [f"{service.url}/auth/sso/callback"] and "openid" in sent["scope"][0]
    assert sent["state"][0] != sent["nonce"][0]
    cookie = next(c for c in browser.cookies.jar if c.name == "rnnvis_sso")
    assert cookie.path == "/auth/sso" and cookie.has_nonstandard_attr("HttpOnly")

    claims = {"preferred_username": "sso-erin", "email": "erin@example.edu"}
    at_provider(oidc_provider, "erin-0001", claims)
    back = back_from_provider(browser, sign_in_at_provider(url, "erin-0001"))
    assert refusal(back) is None
    set_cookies = back.headers.get_list("set-cookie")
    session = next(c for c in set_cookies if c.startswith(f"{SECURE_COOKIE}="))
    for flag in ("HttpOnly", "SameSite=strict", "Path=/", "Secure"):
        assert flag in session, session
    csrf = csrf_of(back)

    me = browser.get("/api/v1/me", headers=csrf).json()
    assert (me["name"], me["sso_subject"], me["has_password"]) == ("sso-erin", "erin-0001", False)
    # the same session rules as a password sign-in: every request needs the CSRF header
    assert (
        browser.post("/api/v1/tokens", json={"name": "laptop"}, headers={"X-CSRF-Token": ""}).status_code
        == 403
    )
    made = browser.post("/api/v1/tokens", json={"name": "laptop"}, headers=csrf)
    assert made.status_code == 201
    assert SESSION_NAME in [t["name"] for t in browser.get("/api/v1/tokens", headers=csrf).json()]

    # signed out, then in again after the provider renamed them: the same account (the subject counts)
    assert browser.delete("/api/v1/session", headers=csrf).status_code == 204
    assert browser.get("/api/v1/me", headers=csrf).status_code == 401
    back = sso_sign_in(browser, oidc_provider, "erin-0001", {"preferred_username": "erin-renamed"})
    again = browser.get("/api/v1/me", headers=csrf_of(back)).json()
    assert (again["id"], again["name"]) == (me["id"], "sso-erin")
    assert [u["name"] for u in admin.get("/users").json()].count("erin-renamed") == 0


def test_a_callback_is_taken_once_and_only_from_the_browser_that_started(
    service: RunningService, oidc_provider: str, browser: httpx.Client
) -> None:
    at_provider(oidc_provider, "fay-0002", {"preferred_username": "sso-fay"})
    callback = sign_in_at_provider(leave_for_provider(browser), "fay-0002")

    # another browser (an attacker's link, a login CSRF) holds no cookie of this sign-in
    with httpx.Client(base_url=service.url, timeout=60) as other:
        elsewhere = back_from_provider(other, callback)
        assert "started in another browser" in str(refusal(elsewhere))
        assert other.get("/api/v1/me").status_code == 401
    # that consumed the sign-in: its browser cannot finish it either, nor any replay
    replay = back_from_provider(browser, callback)
    assert "unknown, was finished already" in str(refusal(replay))
    assert browser.get("/api/v1/me").status_code == 401

    # a fresh sign-in works; its callback replayed afterwards does not
    callback = sign_in_at_provider(leave_for_provider(browser), "fay-0002")
    assert refusal(back_from_provider(browser, callback)) is None
    assert browser.get("/api/v1/me").json()["name"] == "sso-fay"
    assert "finished already" in str(refusal(back_from_provider(browser, callback)))

    # a code made up, with a real state: the provider refuses to exchange it
    url = leave_for_provider(browser)
    state = parse_qs(urlsplit(url).query)["state"][0]
    forged = back_from_provider(browser, f"/auth/sso/callback?state={state}&code=made-up")
    assert "did not exchange the sign-in's code" in str(refusal(forged))


def test_one_callback_sent_twice_at_once_signs_in_once(
    service: RunningService, oidc_provider: str, browser: httpx.Client
) -> None:
    at_provider(oidc_provider, "lee-0008", {"preferred_username": "sso-lee"})
    callback = sign_in_at_provider(leave_for_provider(browser), "lee-0008")
    cookies = {"rnnvis_sso": browser.cookies["rnnvis_sso"]}

    def send(_: int) -> httpx.Response:
        with httpx.Client(base_url=service.url, cookies=cookies, timeout=60) as twin:
            return twin.get(callback)

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(send, range(4)))
    assert [a.status_code for a in answers] == [303] * 4  # no 500 for the ones that lost the race
    signed = [
        a for a in answers if any(c.startswith(f"{SECURE_COOKIE}=") for c in a.headers.get_list("set-cookie"))
    ]
    assert len(signed) == 1, [refusal(a) for a in answers]
    assert all("finished already" in str(refusal(a)) for a in answers if a is not signed[0])


def test_declined_at_the_provider_says_so_in_this_servers_words(
    oidc_provider: str, browser: httpx.Client
) -> None:
    declined = sign_in_at_provider(leave_for_provider(browser), "", action="deny")
    assert "error=access_denied" in declined
    assert refusal(back_from_provider(browser, declined)) == "the sign-in was declined at the provider"
    # a link with words of its own in `error`: only a code-like error is ever shown
    url = leave_for_provider(browser)
    state = parse_qs(urlsplit(url).query)["state"][0]
    made_up = back_from_provider(browser, f"/auth/sso/callback?state={state}&error=Call+us+at+555")
    assert "555" not in str(refusal(made_up)) and "an unknown error" in str(refusal(made_up))


def test_a_taken_name_is_never_taken_over_until_an_administrator_links_it(
    service: RunningService, oidc_provider: str, browser: httpx.Client, admin: httpx.Client
) -> None:
    local = admin.post("/users", json={"name": "sso-gil", "password": "gil's own password"}).json()
    claims = {"preferred_username": "SSO-Gil", "email": "gil@example.edu"}  # compared case-folded
    refused = sso_sign_in(browser, oidc_provider, "gil-0003", claims)
    words = str(refusal(refused))
    assert "an account named 'sso-gil' exists already" in words and "'gil-0003'" in words
    assert browser.get("/api/v1/me").status_code == 401

    linked = admin.patch(f"/users/{local['user']['id']}", json={"sso_subject": "gil-0003"})
    assert linked.status_code == 200 and linked.json()["sso_subject"] == "gil-0003"
    # one subject, one account: linking it to another user is refused
    other = admin.post("/users", json={"name": "sso-gil-2"}).json()
    taken = admin.patch(f"/users/{other['user']['id']}", json={"sso_subject": "gil-0003"})
    assert taken.status_code == 409 and "linked to 'sso-gil' already" in taken.json()["detail"]

    assert refusal(sso_sign_in(browser, oidc_provider, "gil-0003")) is None
    assert browser.get("/api/v1/me").json()["id"] == local["user"]["id"]

    # disabled: refused at the callback as at the password form
    admin.patch(f"/users/{local['user']['id']}", json={"disabled": True}).raise_for_status()
    assert browser.get("/api/v1/me").status_code == 401
    assert "disabled" in str(refusal(sso_sign_in(browser, oidc_provider, "gil-0003")))
    admin.patch(f"/users/{local['user']['id']}", json={"disabled": False}).raise_for_status()

    # unlinked (""): the subject no longer signs in to it
    assert (
        admin.patch(f"/users/{local['user']['id']}", json={"sso_subject": ""}).json()["sso_subject"] is None
    )
    assert "exists already" in str(refusal(sso_sign_in(browser, oidc_provider, "gil-0003")))


def test_an_administrator_makes_an_account_for_a_subject_ahead_of_its_first_sign_in(
    oidc_provider: str, browser: httpx.Client, admin: httpx.Client
) -> None:
    made = admin.post("/users", json={"name": "sso-hal", "sso_subject": "hal-0004"})
    assert made.status_code == 201 and made.json()["user"]["sso_subject"] == "hal-0004"
    # the provider names them otherwise: the subject decides, the name claim is not looked at
    sso_sign_in(browser, oidc_provider, "hal-0004", {"preferred_username": "hal.9000"})
    assert browser.get("/api/v1/me").json()["name"] == "sso-hal"


def test_api_tokens_work_as_before_and_the_start_is_public(
    service: RunningService, alice: httpx.Client
) -> None:
    assert alice.get("/me").status_code == 200  # programs: Authorization headers, untouched
    assert httpx.get(f"{service.url}/api/v1/me").status_code == 401
    started = httpx.get(f"{service.url}/auth/sso/start")  # no token needed to begin signing in
    assert started.status_code == 303


def test_the_command_line_links_and_unlinks_a_subject(
    service: RunningService, oidc_provider: str, browser: httpx.Client, admin: httpx.Client
) -> None:
    admin.post("/users", json={"name": "sso-ida", "password": "ida's own password"}).raise_for_status()

    def users(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(RNNVIS), "users", *args, "--data-dir", str(service.data_dir)]
        return subprocess.run(command, capture_output=True, text=True, env=service.env, timeout=120)

    linked = users("link", "sso-ida", "ida-0006")
    assert linked.returncode == 0, linked.stderr
    assert f"as 'ida-0006' at {oidc_provider}" in linked.stdout
    assert refusal(sso_sign_in(browser, oidc_provider, "ida-0006", {"preferred_username": "ida"})) is None
    assert browser.get("/api/v1/me").json()["name"] == "sso-ida"
    assert users("link", "sso-ida", "--unlink").returncode == 0
    assert [u["sso_subject"] for u in admin.get("/users").json() if u["name"] == "sso-ida"] == [None]
    assert users("link", "sso-ida").returncode != 0  # neither a subject nor --unlink


def test_where_new_accounts_are_off_only_linked_subjects_sign_in(
    oidc_provider: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    closed = start_service(
        tmp_path_factory.mktemp("sso-closed") / "data", **sso_settings(oidc_provider), oidc_new_users="false"
    )
    try:
        with (
            closed.client(closed.create_user("closed-root", admin=True)) as root,
            httpx.Client(base_url=closed.url, timeout=60) as browser,
        ):
            at_provider(oidc_provider, "jo-0007", {"preferred_username": "sso-jo"})
            refused = str(refusal(sso_sign_in(browser, oidc_provider, "jo-0007")))
            assert "no account here is linked to your sign-in (subject 'jo-0007')" in refused
            assert [u["name"] for u in root.get("/users").json()] == ["closed-root"]  # none made
            root.post("/users", json={"name": "jo", "sso_subject": "jo-0007"}).raise_for_status()
            assert refusal(sso_sign_in(browser, oidc_provider, "jo-0007")) is None
            assert browser.get("/api/v1/me").json()["name"] == "jo"
    finally:
        assert closed.stop() == 0


def test_a_flood_of_starts_from_one_address_never_blocks_another(service: RunningService) -> None:
    """One address may have PENDING_PER_CLIENT sign-ins under way; its next start is refused (in
    words, on the sign-in page), and every other address still starts."""
    flooder, bystander = {"X-Forwarded-For": "203.0.113.30"}, {"X-Forwarded-For": "203.0.113.31"}
    with httpx.Client(base_url=service.url, timeout=60) as client:
        for _ in range(PENDING_PER_CLIENT):
            started = client.get("/auth/sso/start", headers=flooder)
            assert started.status_code == 303 and "/oauth2/authorize?" in started.headers["location"]
        refused = client.get("/auth/sso/start", headers=flooder)
        assert refused.status_code == 303 and refused.headers["location"] == "/"
        assert "too many single sign-ins are under way from your address" in str(refusal(refused))
        started = client.get("/auth/sso/start", headers=bystander)
        assert started.status_code == 303 and "/oauth2/authorize?" in started.headers["location"]


def test_sign_ins_under_way_from_many_addresses_never_refuse_everyone(service: RunningService) -> None:
    """MAX_PENDING starts under way (as from a flood of many addresses, written straight into the
    database): the next start from anyone still goes ahead, and the oldest is dropped for it."""
    engine = create_engine(sqlalchemy_url(start_postgres(service.data_dir)))
    fill = text(
        "INSERT INTO sso_sign_ins (state, browser_hash, nonce, code_verifier, created_at, client) "
        "SELECT 'flood-' || n, 'x', 'x', 'x', now() - interval '1 millisecond' * (:count - n), 'flood-' || n "
        "FROM generate_series(1, :count) AS n"
    )
    try:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM sso_sign_ins"))
            connection.execute(fill, {"count": MAX_PENDING})
        started = httpx.get(f"{service.url}/auth/sso/start", headers={"X-Forwarded-For": "203.0.113.32"})
        assert started.status_code == 303 and "/oauth2/authorize?" in started.headers["location"]
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM sso_sign_ins")).scalar_one() == MAX_PENDING
            oldest = connection.execute(text("SELECT count(*) FROM sso_sign_ins WHERE state = 'flood-1'"))
            assert oldest.scalar_one() == 0  # the oldest went to make room
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM sso_sign_ins WHERE state LIKE 'flood-%'"))
        engine.dispose()
