"""Every route of the OpenAPI schema that takes an id, walked for every role (SPEC 7, SPEC 12).

Alice owns the records and shares them into her project, where vera is a viewer and ed an editor;
olga is the owner of another project, bob a stranger; one request carries no token. RULES says what
each route is (a read, a job on the record, a change only its owner or the project's owners may make,
...) and ANSWERS what each role gets for that: a route of the schema without a rule fails the walk,
so a new route must say who may call it. Nothing of alice's may change while the others try.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.service.conftest import Uploaded
from tests.service.stack import RunningService, wait_for_job

ROLES = ("owner", "viewer", "editor", "other project", "stranger", "no token")
# what each kind of route answers each role; None: not walked for that role (it would change
# alice's records: her own deletes and jobs are tested by the resources' own tests)
ANSWERS: dict[str, dict[str, int | None]] = {
    # a record's read: any member of the project it is shared into
    "read": {
        "owner": 200,
        "viewer": 200,
        "editor": 200,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },
    # a job (or an edit) made from a shared record: its editors; the result is theirs
    "use": {
        "owner": None,
        "viewer": 403,
        "editor": 202,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },
    # delete, unshare or (re)share: the record's owner; deleting and unsharing also the project's owners
    "manage": {
        "owner": None,
        "viewer": 403,
        "editor": 403,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },
    # never shared (jobs, API tokens, share links): their owner alone
    "own": {
        "owner": 200,
        "viewer": 404,
        "editor": 404,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },
    "own, changes": {
        "owner": None,
        "viewer": 404,
        "editor": 404,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },  # fmt: skip
    # a project: its members read it, its owners change it
    "project read": {
        "owner": 200,
        "viewer": 200,
        "editor": 200,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },  # fmt: skip
    "project change": {
        "owner": None,
        "viewer": 403,
        "editor": 403,
        "other project": 404,
        "stranger": 404,
        "no token": 401,
    },  # fmt: skip
    # a share link: anyone holding it, with or without an account
    "link": {role: 200 for role in ROLES},
}
RULES: dict[tuple[str, str], str] = {
    ("get", "/api/v1/models/{model_id}"): "read",
    ("patch", "/api/v1/models/{model_id}"): "manage",
    ("delete", "/api/v1/models/{model_id}"): "manage",
    ("post", "/api/v1/models/{model_id}/evaluate"): "read",  # the sentence view: nothing is kept
    ("post", "/api/v1/models/{model_id}/patch"): "read",  # SPEC 13: answered, nothing is kept
    ("post", "/api/v1/models/{model_id}/attribute"): "read",
    ("get", "/api/v1/models/{model_id}/download"): "read",
    ("get", "/api/v1/models/{model_id}/checkpoints"): "read",
    ("post", "/api/v1/models/{model_id}/checkpoints"): "manage",  # a series is changed by its managers
    ("post", "/api/v1/models/{model_id}/timelines"): "use",
    ("get", "/api/v1/provenance/{kind}/{record_id}"): "read",
    ("get", "/api/v1/timelines/{timeline_id}"): "own",  # timelines are not shared yet: their owner's
    ("get", "/api/v1/timelines/{timeline_id}/export"): "own",
    ("delete", "/api/v1/timelines/{timeline_id}"): "own, changes",
    ("get", "/api/v1/corpora/{corpus_id}"): "read",
    ("patch", "/api/v1/corpora/{corpus_id}"): "manage",
    ("delete", "/api/v1/corpora/{corpus_id}"): "manage",
    ("get", "/api/v1/recordings/{recording_id}"): "read",
    ("patch", "/api/v1/recordings/{recording_id}"): "manage",
    ("delete", "/api/v1/recordings/{recording_id}"): "manage",
    ("get", "/api/v1/recordings/{recording_id}/response"): "read",
    ("get", "/api/v1/recordings/{recording_id}/units/{unit}/words"): "read",
    ("get", "/api/v1/recordings/{recording_id}/matrix"): "read",
    ("get", "/api/v1/recordings/{recording_id}/trace"): "read",
    ("get", "/api/v1/recordings/{recording_id}/trace/units/{unit}"): "read",
    ("get", "/api/v1/recordings/{recording_id}/alignment"): "read",
    ("post", "/api/v1/recordings/{recording_id}/coclusterings"): "use",
    ("post", "/api/v1/recordings/{recording_id}/coclustering-scans"): "use",
    ("get", "/api/v1/recordings/{recording_id}/export"): "read",
    ("get", "/api/v1/coclusterings/{coclustering_id}"): "read",
    ("patch", "/api/v1/coclusterings/{coclustering_id}"): "manage",
    ("delete", "/api/v1/coclusterings/{coclustering_id}"): "manage",
    ("post", "/api/v1/coclusterings/{coclustering_id}/edits"): "use",
    ("post", "/api/v1/coclusterings/{coclustering_id}/ablations"): "use",
    ("get", "/api/v1/coclusterings/{coclustering_id}/export"): "read",
    ("get", "/api/v1/coclusterings/{coclustering_id}/half-lives"): "read",
    ("get", "/api/v1/coclustering-scans/{scan_id}"): "read",
    ("patch", "/api/v1/coclustering-scans/{scan_id}"): "manage",
    ("delete", "/api/v1/coclustering-scans/{scan_id}"): "manage",
    ("get", "/api/v1/ablations/{ablation_id}"): "read",
    ("patch", "/api/v1/ablations/{ablation_id}"): "manage",
    ("delete", "/api/v1/ablations/{ablation_id}"): "manage",
    ("get", "/api/v1/ablations/{ablation_id}/export"): "read",
    ("get", "/api/v1/trainings/{training_id}"): "read",
    ("patch", "/api/v1/trainings/{training_id}"): "manage",
    ("delete", "/api/v1/trainings/{training_id}"): "manage",
    ("get", "/api/v1/jobs/{job_id}"): "own",
    ("post", "/api/v1/jobs/{job_id}/cancel"): "own, changes",
    ("delete", "/api/v1/tokens/{token_id}"): "own, changes",
    ("delete", "/api/v1/share-links/{link_id}"): "own, changes",
    ("get", "/api/v1/projects/{project_id}"): "project read",
    ("get", "/api/v1/projects/{project_id}/events"): "project read",
    ("patch", "/api/v1/projects/{project_id}"): "project change",
    ("delete", "/api/v1/projects/{project_id}"): "project change",
    ("post", "/api/v1/projects/{project_id}/members"): "project change",
    ("patch", "/api/v1/projects/{project_id}/members/{user}"): "project change",
    ("delete", "/api/v1/projects/{project_id}/members/{user}"): "project change",
    ("get", "/api/v1/shared/{token}"): "link",
    ("get", "/api/v1/shared/{token}/response"): "link",
    ("get", "/api/v1/shared/{token}/units/{unit}/words"): "link",
    ("get", "/api/v1/shared/{token}/matrix"): "link",
}
TIMELINE = {"n_clusters": 2, "top_words": 30, "min_count": 1, "max_tokens": 400}
BODIES: dict[tuple[str, str], Any] = {
    ("post", "/api/v1/models/{model_id}/evaluate"): {"text": "the"},
    ("post", "/api/v1/models/{model_id}/patch"): {
        "source_text": "the",
        "target_text": "the",
        "units": [0],
        "controls": 1,
    },  # fmt: skip
    ("post", "/api/v1/models/{model_id}/attribute"): {"text": "the", "units": [0]},
    ("post", "/api/v1/recordings/{recording_id}/coclusterings"): {"n_clusters": 3, "top_words": 50},
    ("post", "/api/v1/models/{model_id}/timelines"): lambda ids: {"corpus_id": ids["corpus_id"], **TIMELINE},
    ("post", "/api/v1/recordings/{recording_id}/coclustering-scans"): {
        "k_max": 3,
        "seeds": 1,
        "top_words": 50,
    },
    ("post", "/api/v1/coclusterings/{coclustering_id}/edits"): {"merge": [0, 1]},
    ("post", "/api/v1/coclusterings/{coclustering_id}/ablations"): {
        "units": [2, 3],
        "controls": 1,
        "max_tokens": 300,
    },  # fmt: skip
    ("patch", "/api/v1/projects/{project_id}"): {"name": "renamed"},
    ("post", "/api/v1/projects/{project_id}/members"): {"user": "bob", "role": "viewer"},
    ("patch", "/api/v1/projects/{project_id}/members/{user}"): {"role": "viewer"},
}
SHARE = "{project_id}"  # the PATCH of a record: share it into alice's project again
QUERIES = {
    "/api/v1/recordings/{recording_id}/response": {"word": "the"},
    "/api/v1/recordings/{recording_id}/alignment": {"other": "{recording_id}"},
    "/api/v1/shared/{token}/response": {"word": "the"},
}
# multipart forms: (fields, files) from the lab's ids
FORMS = {("post", "/api/v1/models/{model_id}/checkpoints"): lambda ids: ({"step": "7"}, ids["weights"])}
CREATED = {"post /api/v1/coclusterings/{coclustering_id}/edits": 201}  # an edit answers its new record


@dataclass
class Lab:
    clients: dict[str, httpx.Client]
    ids: dict[str, Any]


@pytest.fixture(scope="module")
def lab(service: RunningService, alice: httpx.Client, uploaded: Uploaded, model_dir: Path) -> Iterator[Lab]:
    """Alice's records of every kind, shared into her project with vera (viewer) and ed (editor)."""
    weights = {
        "weights": (model_dir / "model.safetensors").read_bytes(),
        "vocab": (model_dir / "vocab.txt").read_bytes(),
    }
    checkpoint = alice.post(f"/models/{uploaded.model_id}/checkpoints", data={"step": "3"}, files=weights)
    assert checkpoint.status_code == 201, checkpoint.text
    timeline = alice.post(
        f"/models/{uploaded.model_id}/timelines", json={"corpus_id": uploaded.corpus_id, **TIMELINE}
    )
    assert timeline.status_code == 202, timeline.text
    assert wait_for_job(alice, timeline.json()["job_id"])["status"] == "succeeded"
    training = alice.post(
        "/trainings", json={"corpus_id": uploaded.corpus_id, "hidden_size": 4, "embedding_size": 4}
    )
    job_id = training.json()["job_id"]
    wait_for_job(alice, job_id)
    scan = alice.post(
        f"/recordings/{uploaded.recording_id}/coclustering-scans", json={"k_max": 3, "seeds": 2}
    )
    assert scan.status_code == 202, scan.text
    wait_for_job(alice, scan.json()["job_id"])
    ablation = alice.post(
        f"/coclusterings/{uploaded.coclustering_id}/ablations",
        json={"units": [0, 1], "controls": 1, "max_tokens": 300},
    )
    assert ablation.status_code == 202, ablation.text
    wait_for_job(alice, ablation.json()["job_id"])
    project = alice.post("/projects", json={"name": "the walk's lab"}).json()["id"]
    clients = {"owner": alice, "no token": service.client(None)}
    for role, name in (("viewer", "walk-vera"), ("editor", "walk-ed"), ("other project", "walk-olga")):
        clients[role] = service.client(service.create_user(name))
        if role != "other project":
            assert (
                alice.post(f"/projects/{project}/members", json={"user": name, "role": role}).status_code
                == 201
            )
    clients["other project"].post("/projects", json={"name": "olga's own"}).raise_for_status()
    with service.client(service.create_user("walk-bob")) as stranger:
        clients["stranger"] = stranger
        ids = {
            "model_id": uploaded.model_id,
            "corpus_id": uploaded.corpus_id,
            "recording_id": uploaded.recording_id,
            "coclustering_id": uploaded.coclustering_id,
            # a figure's provenance (issue 35): the co-clustering's, read as the co-clustering is
            "kind": "coclustering",
            "record_id": uploaded.coclustering_id,
            "training_id": training.json()["id"],
            "job_id": job_id,
            "scan_id": scan.json()["id"],
            "timeline_id": timeline.json()["id"],
            "weights": weights,
            "ablation_id": ablation.json()["id"],
            "token_id": alice.get("/tokens").json()[0]["id"],
            "project_id": project,
            "user": "alice",
            "unit": 0,
        }
        for kind, path, key in (
            ("model", "models", "model_id"),
            ("corpus", "corpora", "corpus_id"),
            ("recording", "recordings", "recording_id"),
            ("coclustering", "coclusterings", "coclustering_id"),
            ("scan", "coclustering-scans", "scan_id"),
            ("ablation", "ablations", "ablation_id"),
            ("training", "trainings", "training_id"),
        ):
            shared = alice.patch(f"/{path}/{ids[key]}", json={"project_id": project})
            assert shared.status_code == 200 and shared.json()["project_id"] == project, (kind, shared.text)
        link = alice.post("/share-links", json={"kind": "coclustering", "id": uploaded.coclustering_id})
        assert link.status_code == 201, link.text
        ids["token"], ids["link_id"] = link.json()["token"], link.json()["id"]
        yield Lab(clients, ids)
        # the project goes: everything in it is alice's alone again
        assert alice.delete(f"/projects/{project}").status_code == 204
        assert alice.get(f"/recordings/{uploaded.recording_id}").json()["project_id"] is None
    for role in ("viewer", "editor", "other project", "no token"):
        clients[role].close()


def test_every_route_answers_each_role_as_its_rule_says(
    service: RunningService, lab: Lab, alice: httpx.Client, uploaded: Uploaded
) -> None:
    schema = httpx.get(f"{service.url}/openapi.json").json()
    walked: dict[str, dict[str, int | None]] = {}
    started: list[int] = []
    for path, methods in schema["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        if not names or names == ["unit"] or path.startswith("/api/v1/users/"):
            continue  # lists and creates (tested below), and administrators' routes (test_tokens)
        for method in methods:
            rule = RULES.get((method, path))
            assert rule is not None, f"{method.upper()} {path} has no rule: say who may call it (RULES)"
            for role in ROLES:
                expected = ANSWERS[rule][role]
                if expected is None:
                    continue
                if rule == "use" and role == "editor":
                    expected = CREATED.get(f"{method} {path}", expected)
                body: Any = BODIES.get((method, path))
                if callable(body):
                    body = body(lab.ids)
                form = FORMS.get((method, path))
                data, files = form(lab.ids) if form is not None else (None, None)
                if method == "patch" and body is None:
                    body = {"project_id": lab.ids["project_id"]}
                params = {k: v.format(**lab.ids) for k, v in QUERIES.get(path, {}).items()}
                url = path.format(**{k: v for k, v in lab.ids.items() if isinstance(v, int | str)})
                url = url.removeprefix("/api/v1")
                answer = lab.clients[role].request(
                    method.upper(), url, params=params, json=body, data=data, files=files
                )
                assert answer.status_code == expected, (role, method, path, answer.status_code, answer.text)
                if expected == 202:
                    started.append(answer.json()["job_id"])
                    wait_for_job(lab.clients[role], answer.json()["job_id"])  # the editor's quota
                if expected in (403, 404) and role != "no token":
                    assert answer.json()["detail"], (role, method, path)
                walked.setdefault(f"{method.upper()} {path.removeprefix('/api/v1')}", {})[role] = expected
    assert len(walked) >= 45
    # the editor's jobs are the editor's: private until shared, so the viewer does not see them
    editor_ids = {j["id"] for j in lab.clients["editor"].get("/jobs").json()["items"]}
    assert set(started) <= editor_ids
    mine = lab.clients["editor"].get("/coclusterings", params={"owner": "walk-ed"}).json()["items"]
    assert mine and all(c["project_id"] is None for c in mine)
    for co in mine:
        assert lab.clients["viewer"].get(f"/coclusterings/{co['id']}").status_code == 404
    # nothing of alice's changed: the deletes, the unshares and the cancel above did nothing
    assert alice.get(f"/models/{uploaded.model_id}").json()["project_id"] == lab.ids["project_id"]
    assert alice.get(f"/recordings/{uploaded.recording_id}").json()["status"] == "succeeded"
    assert alice.get(f"/coclustering-scans/{lab.ids['scan_id']}").json()["status"] == "succeeded"
    assert alice.get(f"/projects/{lab.ids['project_id']}").json()["name"] == "the walk's lab"
    members = {
        m["user"]: m["role"] for m in alice.get(f"/projects/{lab.ids['project_id']}").json()["members"]
    }
    assert members == {"alice": "owner", "walk-vera": "viewer", "walk-ed": "editor"}
    print_table(walked)


def test_lists_show_what_is_shared_and_filter_by_project_and_owner(lab: Lab, uploaded: Uploaded) -> None:
    project = lab.ids["project_id"]
    for role in ("viewer", "editor"):
        client = lab.clients[role]
        listings = (
            ("/models", "model_id"),
            ("/recordings", "recording_id"),
            ("/coclusterings", "coclustering_id"),
            ("/trainings", "training_id"),
        )
        for listing, record in listings:
            items = client.get(listing, params={"project_id": project}).json()["items"]
            assert lab.ids[record] in [i["id"] for i in items], (role, listing)
            assert client.get(listing, params={"owner": "alice"}).json()["items"], (role, listing)
            assert client.get(listing, params={"owner": "nobody-here"}).json()["items"] == []
    for role in ("other project", "stranger"):
        for listing in ("/models", "/corpora", "/recordings", "/coclusterings", "/coclustering-scans",
                        "/ablations", "/trainings"):  # fmt: skip
            assert lab.clients[role].get(listing).json()["items"] == [], (role, listing)
            assert lab.clients[role].get(listing, params={"project_id": project}).json()["items"] == []
    assert [p["id"] for p in lab.clients["stranger"].get("/projects").json()["items"]] == []
    assert lab.clients["no token"].get("/projects").status_code == 401


def print_table(walked: dict[str, dict[str, int | None]]) -> None:
    """The walk as a table (pytest -s shows it; the closing note of issue 32 quotes it)."""
    print("\n| route | " + " | ".join(ROLES) + " |")
    print("|---|" + "---|" * len(ROLES))
    for route, answers in sorted(walked.items(), key=lambda r: r[0].split(" ", 1)[::-1]):
        print(f"| `{route}` | " + " | ".join(str(answers.get(role, "-")) for role in ROLES) + " |")
