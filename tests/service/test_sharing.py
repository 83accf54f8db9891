"""A lab that shares (SPEC 12), against the real stack: projects and roles, a job on shared inputs,
unsharing and deleting a project, share links with no account, their throttle and the logs, and an
embed framed in Chromium from an allowed origin and refused from another."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from runtime.embedded import start_postgres
from services.database.session import sqlalchemy_url
from tests.service.conftest import COCLUSTERING, Uploaded, upload_corpus
from tests.service.stack import RunningService, wait_for_job

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def database(service: RunningService) -> Iterator[Any]:
    engine = create_engine(sqlalchemy_url(start_postgres(service.data_dir)))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def lab(service: RunningService) -> Iterator[dict[str, httpx.Client]]:
    """Three users of this module's own: pia (owns the project), eli (editor), vic (viewer)."""
    clients = {
        name: service.client(service.create_user(name)) for name in ("share-pia", "share-eli", "share-vic")
    }
    yield clients
    for client in clients.values():
        client.close()


def events(client: httpx.Client, project: int) -> list[tuple[str, str, str | None]]:
    page = client.get(f"/projects/{project}/events", params={"limit": 500}).raise_for_status().json()
    return [(e["actor"], e["action"], e["kind"]) for e in page["items"]]


def test_an_editor_records_a_shared_model_and_owns_the_recording(
    lab: dict[str, httpx.Client], alice: httpx.Client, uploaded: Uploaded, ptb_lines: Path
) -> None:
    pia, eli, vic = lab["share-pia"], lab["share-eli"], lab["share-vic"]
    # pia's project, with alice as its owner too (the model is alice's), eli editor and vic viewer
    project = pia.post("/projects", json={"name": "PTB reading group"}).json()["id"]
    for name, role in (("alice", "editor"), ("share-eli", "editor"), ("share-vic", "viewer")):
        assert pia.post(f"/projects/{project}/members", json={"user": name, "role": role}).status_code == 201
    assert (
        pia.post(f"/projects/{project}/members", json={"user": "share-vic", "role": "editor"}).status_code
        == 409
    )
    assert pia.post(f"/projects/{project}/members", json={"user": "no-such-user"}).status_code == 404
    shared = alice.patch(f"/models/{uploaded.model_id}", json={"project_id": project})
    assert shared.status_code == 200 and shared.json()["project_id"] == project
    assert vic.get(f"/models/{uploaded.model_id}").status_code == 200
    # eli records alice's model over eli's own corpus; vic, a viewer, may not (over vic's own)
    corpus = upload_corpus(eli, ptb_lines, name="eli's corpus").raise_for_status().json()
    body = {"model_id": uploaded.model_id, "corpus_id": corpus["id"], "top_words": 50, "max_tokens": 3000}
    vic_corpus = upload_corpus(vic, ptb_lines, name="vic's").raise_for_status().json()
    refused = vic.post("/recordings", json={**body, "corpus_id": vic_corpus["id"]})
    assert refused.status_code == 403 and "viewer" in refused.json()["detail"], refused.text
    assert vic.get(f"/corpora/{corpus['id']}").status_code == 404  # eli's corpus is eli's alone
    started = eli.post("/recordings", json=body)
    assert started.status_code == 202, started.text
    assert wait_for_job(eli, started.json()["job_id"])["status"] == "succeeded"
    recording = eli.get(f"/recordings/{started.json()['id']}").json()
    assert recording["owner_id"] == eli.get("/me").json()["id"] and recording["project_id"] is None
    # the result is eli's, private until shared: nobody else sees it
    for other in (vic, alice, pia):
        assert other.get(f"/recordings/{recording['id']}").status_code == 404
    # a co-clustering by vic of a shared recording: a viewer runs no jobs
    assert eli.patch(f"/recordings/{recording['id']}", json={"project_id": project}).status_code == 200
    answer = vic.post(f"/recordings/{recording['id']}/coclusterings", json=COCLUSTERING)
    assert answer.status_code == 403 and "viewer" in answer.json()["detail"]
    co = eli.post(
        f"/recordings/{recording['id']}/coclusterings", json={**COCLUSTERING, "project_id": project}
    )
    assert co.status_code == 202, co.text
    assert wait_for_job(eli, co.json()["job_id"])["status"] == "succeeded"
    co_id = co.json()["id"]
    first = vic.get(f"/coclusterings/{co_id}")
    assert first.status_code == 200 and first.json()["project_id"] == project
    assert vic.get(f"/coclusterings/{co_id}").status_code == 200  # now from the API's kept answers
    word = vic.get(
        f"/recordings/{recording['id']}/response", params={"word": "the", "layer": 1, "state": "h"}
    )
    assert word.status_code == 200
    # alice's model cannot go while eli's results are made of it: nothing of eli's is lost
    refused = alice.delete(f"/models/{uploaded.model_id}")
    assert refused.status_code == 409 and "share-eli" in refused.json()["detail"], refused.text
    # a project owner unshares it: hidden from the project at once, the kept answers too
    unshared = pia.patch(f"/coclusterings/{co_id}", json={"project_id": None})
    assert unshared.status_code == 200, unshared.text
    assert vic.get(f"/coclusterings/{co_id}").status_code == 404
    assert eli.get(f"/coclusterings/{co_id}").json()["project_id"] is None  # still eli's
    assert (
        vic.get(f"/recordings/{recording['id']}/response", params={"word": "the", "layer": 1}).status_code
        == 200
    )
    assert eli.patch(f"/recordings/{recording['id']}", json={"project_id": None}).status_code == 200
    assert (
        vic.get(f"/recordings/{recording['id']}/response", params={"word": "the", "layer": 1}).status_code
        == 404
    )
    # only its owner shares a record; a viewer shares nothing into the project
    assert pia.patch(f"/coclusterings/{co_id}", json={"project_id": project}).status_code == 404
    answer = vic.patch(f"/corpora/{vic_corpus['id']}", json={"project_id": project})
    assert answer.status_code == 403 and "viewer" in answer.json()["detail"]
    # the trail names who did what
    trail = events(pia, project)
    for expected in (
        ("share-pia", "created", None),
        ("share-pia", "member added", None),
        ("alice", "shared", "model"),
        ("share-eli", "shared", "recording"),
        ("share-eli", "ran", "recording"),
        ("share-eli", "shared", "coclustering"),
        ("share-pia", "unshared", "coclustering"),
        ("share-eli", "unshared", "recording"),
    ):
        assert expected in trail, (expected, trail)
    detail = pia.get(f"/projects/{project}").json()
    assert {r["kind"] for r in detail["resources"]} == {"model"}
    assert {m["user"]: m["role"] for m in detail["members"]}["share-vic"] == "viewer"
    # the last owner neither leaves nor steps down; vic may leave
    assert pia.delete(f"/projects/{project}/members/share-pia").status_code == 409
    assert pia.patch(f"/projects/{project}/members/share-pia", json={"role": "editor"}).status_code == 409
    assert vic.delete(f"/projects/{project}/members/share-vic").status_code == 204
    assert vic.get(f"/models/{uploaded.model_id}").status_code == 404
    # deleting the project returns everything to its owner; eli's results stay eli's
    assert eli.delete(f"/projects/{project}").status_code == 403
    assert pia.delete(f"/projects/{project}").status_code == 204
    assert alice.get(f"/models/{uploaded.model_id}").json()["project_id"] is None
    assert eli.get(f"/models/{uploaded.model_id}").status_code == 404
    assert eli.get(f"/recordings/{recording['id']}").json()["status"] == "succeeded"
    assert pia.get(f"/projects/{project}").status_code == 404
    assert eli.delete(f"/recordings/{recording['id']}").status_code == 204  # eli's own, deletable


def test_a_removed_member_takes_back_what_they_shared(lab: dict[str, httpx.Client], ptb_lines: Path) -> None:
    pia, eli = lab["share-pia"], lab["share-eli"]
    project = pia.post("/projects", json={"name": "short stay"}).json()["id"]
    pia.post(f"/projects/{project}/members", json={"user": "share-eli", "role": "editor"}).raise_for_status()
    corpus = upload_corpus(eli, ptb_lines, name="eli shares", fmt="text")
    assert corpus.status_code == 201
    shared = eli.patch(f"/corpora/{corpus.json()['id']}", json={"project_id": project})
    assert shared.status_code == 200
    assert pia.get(f"/corpora/{corpus.json()['id']}").status_code == 200
    assert pia.delete(f"/projects/{project}/members/share-eli").status_code == 204
    assert pia.get(f"/corpora/{corpus.json()['id']}").status_code == 404
    assert eli.get(f"/corpora/{corpus.json()['id']}").json()["project_id"] is None
    assert ("share-pia", "unshared", "corpus") in events(pia, project)
    pia.delete(f"/projects/{project}").raise_for_status()


def test_a_link_reads_one_resource_with_no_account(
    service: RunningService, alice: httpx.Client, uploaded: Uploaded, database: Any
) -> None:
    made = alice.post("/share-links", json={"kind": "coclustering", "id": uploaded.coclustering_id})
    assert made.status_code == 201, made.text
    link = made.json()
    token = link["token"]
    assert (
        len(token) >= 43
        and link["url"].endswith(f"/s/{token}")
        and link["embed_url"].endswith(f"/embed/{token}")
    )
    with service.client(None) as anyone:
        shown = anyone.get(f"/shared/{token}")
        assert shown.status_code == 200, shown.text
        mine = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
        assert shown.json()["kind"] == "coclustering"
        assert (
            shown.json()["unit_clusters"] == mine["unit_clusters"] and shown.json()["words"] == mine["words"]
        )
        params = {"word": "the", "layer": 1, "state": "h"}
        direct = alice.get(f"/recordings/{uploaded.recording_id}/response", params=params).json()
        assert anyone.get(f"/shared/{token}/response", params=params).json() == direct
        assert anyone.get(f"/shared/{token}/units/0/words", params={"layer": 1}).status_code == 200
        # nothing beyond the one resource: other ids, lists and writes need an account
        for path in (f"/coclusterings/{uploaded.coclustering_id}", f"/recordings/{uploaded.recording_id}",
                     "/coclusterings", "/share-links"):  # fmt: skip
            assert anyone.get(path).status_code == 401, path
        assert anyone.delete(f"/coclusterings/{uploaded.coclustering_id}").status_code == 401
        assert anyone.post("/share-links", json={"kind": "model", "id": uploaded.model_id}).status_code == 401
        assert anyone.get(f"/shared/{token}/../../models/{uploaded.model_id}").status_code in (401, 404)
        # a link to a model reads no recording
        model_link = alice.post("/share-links", json={"kind": "model", "id": uploaded.model_id}).json()
        assert anyone.get(f"/shared/{model_link['token']}").json()["kind"] == "model"
        assert (
            anyone.get(f"/shared/{model_link['token']}/units/0/words", params={"layer": 1}).status_code == 404
        )
        # revoked, expired and unknown answer the same 404
        answers = {}
        assert alice.delete(f"/share-links/{model_link['id']}").status_code == 204
        answers["revoked"] = anyone.get(f"/shared/{model_link['token']}")
        expiring = alice.post(
            "/share-links", json={"kind": "coclustering", "id": uploaded.coclustering_id}
        ).json()
        with database.begin() as connection:
            connection.execute(
                text("UPDATE share_links SET expires_at = now() - :ago WHERE id = :id"),
                {"ago": timedelta(seconds=1), "id": expiring["id"]},
            )
        answers["expired"] = anyone.get(f"/shared/{expiring['token']}")
        answers["unknown"] = anyone.get("/shared/" + "x" * 43)
        for why, answer in answers.items():
            assert answer.status_code == 404, why
        assert len({a.text for a in answers.values()}) == 1
        listed = {item["id"]: item for item in alice.get("/share-links").json()}
        assert listed[expiring["id"]]["expired"] and model_link["id"] not in listed
        assert alice.get("/share-links").json()[0]["resource"]  # the resource's name
    # the web client's page for it, and the token in no log (the session's API logs each request)
    assert httpx.get(f"{service.url}/s/{token}").status_code == 200
    logs = [p for p in service.data_dir.rglob("*.log") if p.is_file()]
    assert any(b"/shared/<token>" in p.read_bytes() for p in logs), (
        "the access log should show the redacted path"
    )
    for path in logs:
        assert token.encode() not in path.read_bytes(), path


def test_a_deleted_resource_s_link_answers_404(
    alice: httpx.Client, service: RunningService, uploaded: Uploaded
) -> None:
    co = alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json={**COCLUSTERING, "seed": 41})
    assert wait_for_job(alice, co.json()["job_id"])["status"] == "succeeded"
    token = alice.post("/share-links", json={"kind": "coclustering", "id": co.json()["id"]}).json()["token"]
    with service.client(None) as anyone:
        assert anyone.get(f"/shared/{token}").status_code == 200
        assert alice.delete(f"/coclusterings/{co.json()['id']}").status_code == 204
        gone = anyone.get(f"/shared/{token}")
        assert (
            gone.status_code == 404 and "does not exist, has expired or was revoked" in gone.json()["detail"]
        )


def test_guessing_links_finds_nothing_and_is_throttled(
    service: RunningService, alice: httpx.Client, uploaded: Uploaded
) -> None:
    token = alice.post("/share-links", json={"kind": "model", "id": uploaded.model_id}).json()["token"]
    guesser = {"X-Forwarded-For": "203.0.113.7"}  # the tests stand in for a trusted proxy
    statuses = []
    with service.client(None) as anyone:
        for i in range(1000):
            answer = anyone.get(f"/shared/guess{i:039d}", headers=guesser)
            statuses.append(answer.status_code)
            if answer.status_code == 429:
                assert int(answer.headers["Retry-After"]) > 0
        assert 200 not in statuses and statuses[:50] == [404] * 50
        assert statuses.count(429) >= 900
        # while it waits, even a right token from that address is refused; from others it answers
        assert anyone.get(f"/shared/{token}", headers=guesser).status_code == 429
        assert anyone.get(f"/shared/{token}", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200


class _Page(http.server.BaseHTTPRequestHandler):
    embed = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        frame = f'<iframe src="{self.embed}" width="800" height="600" title="a chip"></iframe>'
        body = f"<!doctype html><title>a paper</title>{frame}"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


def test_an_embed_is_framed_from_an_allowed_origin_only(
    service: RunningService, alice: httpx.Client, uploaded: Uploaded
) -> None:
    """The session's service allows http://127.0.0.1:* (conftest); a page at localhost is another origin."""
    embed = alice.post("/share-links", json={"kind": "coclustering", "id": uploaded.coclustering_id}).json()[
        "embed_url"
    ]
    handler = type("Page", (_Page,), {"embed": embed})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        run = subprocess.run(
            ["node", "e2e/framing.mjs", embed, f"http://127.0.0.1:{port}/", f"http://localhost:{port}/"],
            cwd=ROOT / "web",
            capture_output=True,
            text=True,
            timeout=600,  # a bound, not a pace: the script waits on the frame's own state
        )
    finally:
        server.shutdown()
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["allowed"]["loaded"] and result["allowed"]["ready"], result
    assert not result["other"]["loaded"], result
    # every other page refuses to be framed, anywhere
    page = httpx.get(f"{service.url}/s/x")
    assert (
        page.headers["x-frame-options"] == "DENY"
        and "frame-ancestors 'none'" in page.headers["content-security-policy"]
    )
    framed = httpx.get(embed)
    assert "frame-ancestors http://127.0.0.1:*" in framed.headers["content-security-policy"]
    assert "x-frame-options" not in framed.headers
