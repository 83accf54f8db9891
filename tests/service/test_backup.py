"""`rnnvis backup` of a serving server and `rnnvis restore` onto a new data folder (services/backups.py).

A populated server (a model, a corpus, a recording, a co-clustering, a scan, an ablation, a finished
training) is backed up while a training runs. The restored server answers every GET route of the
OpenAPI schema exactly as the original did, the running training is restored as queued and is sent
to the new workers, and a damaged backup or a folder that already holds a server is refused. A
tampered backup (paths out of the folder, symlinks, files no record owns) is refused, naming the
entry, and changes nothing outside the new data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from runtime.embedded import start_postgres, stop_postgres
from services.backups import RESTORED, libpq_url, pg_tool
from services.database.session import sqlalchemy_url
from tests.service.conftest import Uploaded, sso_settings
from tests.service.stack import RNNVIS, RunningService, start_service, wait_for_job
from tests.service.test_route_walk import QUERIES

# SQL a tampered dump could carry: a trigger that runs a program as the server, a table to load
EVIL_SQL = """
CREATE FUNCTION evil() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN EXECUTE 'COPY (SELECT 1) TO ''{marker}'''; RETURN NULL; END $$;
CREATE TRIGGER evil AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION evil();
CREATE TABLE evil_rows (x integer);
INSERT INTO evil_rows VALUES (1);
"""


def _rnnvis(service: RunningService, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RNNVIS), *args], capture_output=True, text=True, env=service.env, timeout=300)


def _every_get(
    service: RunningService, client: httpx.Client, ids: dict[str, Any], running: dict[str, int]
) -> dict[str, Any]:
    """Every GET route of the schema with these ids: status and body (JSON parsed), without the
    running training and its job (they go on changing, and restore as queued)."""
    schema = httpx.get(f"{service.url}/openapi.json").json()
    answers: dict[str, Any] = {}
    for path, methods in schema["paths"].items():
        if "get" not in methods or not path.startswith("/api/v1/"):
            continue
        if {"/api/v1/jobs/{job_id}": "job_id", "/api/v1/trainings/{training_id}": "training_id"}.get(path):
            answers[path] = _answer(client.get(path.format(**ids).removeprefix("/api/v1")))
            continue
        missing = set(re.findall(r"{(\w+)}", path)) - ids.keys()
        assert not missing, f"{path}: no id for {missing}"
        params = {k: v.format(**ids) for k, v in QUERIES.get(path, {}).items()}
        answers[path] = _answer(client.get(path.format(**ids).removeprefix("/api/v1"), params=params))
    for listing, key in (("/api/v1/jobs", "job"), ("/api/v1/trainings", "training")):
        status, body = answers[listing]
        items = body["items"] if isinstance(body, dict) and "items" in body else body
        kept = [item for item in items if item["id"] != running[key]]
        assert len(kept) == len(items) - 1, (listing, items)
        answers[listing] = (status, kept)
    return answers


def _answer(response: httpx.Response) -> tuple[int, Any]:
    if response.headers.get("content-type", "").startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, response.content


def test_a_backup_taken_while_serving_restores_to_the_same_answers(
    service: RunningService,
    alice: httpx.Client,
    bob: httpx.Client,
    uploaded: Uploaded,
    tmp_path: Path,
    oidc_provider: str,
    model_dir: Path,
) -> None:
    training = alice.post(
        "/trainings", json={"corpus_id": uploaded.corpus_id, "hidden_size": 4, "embedding_size": 4}
    ).json()
    assert wait_for_job(alice, training["job_id"])["status"] == "succeeded"
    scan = alice.post(
        f"/recordings/{uploaded.recording_id}/coclustering-scans", json={"k_max": 3, "seeds": 2}
    )
    ablation = alice.post(
        f"/coclusterings/{uploaded.coclustering_id}/ablations",
        json={"units": [0, 1], "controls": 1, "max_tokens": 300},
    )
    # a checkpoint of the model and a timeline over its series (issue 34)
    parts = {
        "weights": (model_dir / "model.safetensors").read_bytes(),
        "vocab": (model_dir / "vocab.txt").read_bytes(),
    }
    alice.post(f"/models/{uploaded.model_id}/checkpoints", data={"step": "5"}, files=parts).raise_for_status()
    timeline = alice.post(
        f"/models/{uploaded.model_id}/timelines",
        json={
            "corpus_id": uploaded.corpus_id,
            "n_clusters": 2,
            "top_words": 30,
            "min_count": 1,
            "max_tokens": 300,
        },
    )
    for started in (scan, ablation, timeline):
        assert started.status_code == 202, started.text
        assert wait_for_job(alice, started.json()["job_id"])["status"] == "succeeded"
    # a project with bob as its editor, the model shared into it, and a link (SPEC 12)
    project = alice.post("/projects", json={"name": "kept"}).json()["id"]
    alice.post(f"/projects/{project}/members", json={"user": "bob", "role": "editor"}).raise_for_status()
    alice.patch(f"/models/{uploaded.model_id}", json={"project_id": project}).raise_for_status()
    link = alice.post("/share-links", json={"kind": "recording", "id": uploaded.recording_id}).json()
    ids = {
        "project_id": project,
        "token": link["token"],
        "model_id": uploaded.model_id,
        "corpus_id": uploaded.corpus_id,
        "recording_id": uploaded.recording_id,
        "coclustering_id": uploaded.coclustering_id,
        "training_id": training["id"],
        "job_id": training["job_id"],
        "scan_id": scan.json()["id"],
        "ablation_id": ablation.json()["id"],
        "timeline_id": timeline.json()["id"],
        "kind": "coclustering",  # a figure's provenance (issue 35)
        "record_id": uploaded.coclustering_id,
        "unit": 0,
        "user_id": 1,
    }
    # a training that runs for minutes: it is running when the backup is taken
    long = alice.post(
        "/trainings",
        json={"corpus_id": uploaded.corpus_id, "hidden_size": 64, "embedding_size": 32, "epochs": 100},
    ).json()
    running = {"job": long["job_id"], "training": long["id"]}
    deadline = time.monotonic() + 60
    while alice.get(f"/jobs/{long['job_id']}").json()["status"] != "running":
        assert time.monotonic() < deadline, "the long training did not start"
        time.sleep(0.2)

    backup = tmp_path / "backup"
    done = _rnnvis(service, "backup", str(backup), "--data-dir", str(service.data_dir))
    assert done.returncode == 0, done.stderr
    assert re.match(r"backed up \d+ models and corpora \(\d+ files, [\d,]+ bytes\)", done.stdout), done.stdout
    assert alice.get(f"/jobs/{long['job_id']}").json()["status"] == "running"  # served all along
    before = _every_get(service, alice, ids, running)
    # the original leaves the session's other tests as they were: bob shares nothing with alice
    assert alice.delete(f"/projects/{project}").status_code == 204
    assert alice.delete(f"/share-links/{link['id']}").status_code == 204
    alice.post(f"/jobs/{long['job_id']}/cancel")
    assert (backup / "manifest.json").is_file() and (backup / "database.dump").is_file()

    # refused: a backup into a folder that holds something; a damaged backup
    refused = _rnnvis(service, "backup", str(backup), "--data-dir", str(service.data_dir))
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    weights = next((damaged / "artifacts" / "models").glob("*/*"))
    weights.write_bytes(weights.read_bytes()[:-1] + b"\0")
    refused = _rnnvis(service, "restore", str(damaged), "--data-dir", str(tmp_path / "never"))
    assert refused.returncode == 2 and "the backup is damaged" in refused.stderr, refused.stderr
    assert not (tmp_path / "never" / "postgres").exists()  # nothing made

    target = tmp_path / "restored"
    done = _rnnvis(service, "restore", str(backup), "--data-dir", str(target))
    assert done.returncode == 0, done.stderr
    assert "1 jobs were running or queued: queued again" in done.stdout
    engine = create_engine(sqlalchemy_url(start_postgres(target)))
    with engine.connect() as connection:
        job = connection.execute(
            text("SELECT status, message FROM jobs WHERE id = :id"), {"id": long["job_id"]}
        ).one()
    engine.dispose()
    stop_postgres(target)
    assert tuple(job) == ("queued", RESTORED)
    refused = _rnnvis(service, "restore", str(backup), "--data-dir", str(target))
    assert refused.returncode == 2 and "already holds a server" in refused.stderr

    restored = start_service(target, **sso_settings(oidc_provider))  # the original's settings
    try:
        with restored.client(alice.headers["Authorization"].removeprefix("Bearer ")) as same_user:
            assert _every_get(restored, same_user, ids, running) == before
            # projects, roles and links came back: bob is still an editor and reads the model
            with restored.client(bob.headers["Authorization"].removeprefix("Bearer ")) as editor:
                assert editor.get(f"/projects/{project}").json()["role"] == "editor"
                assert editor.get(f"/models/{uploaded.model_id}").status_code == 200
            assert httpx.get(f"{restored.url}/api/v1/shared/{link['token']}").json()["kind"] == "recording"
            # the restored training was sent to the new server's workers
            deadline = time.monotonic() + 60
            while same_user.get(f"/jobs/{long['job_id']}").json()["status"] != "running":
                assert time.monotonic() < deadline, same_user.get(f"/jobs/{long['job_id']}").json()
                time.sleep(0.2)
            same_user.post(f"/jobs/{long['job_id']}/cancel")
            assert wait_for_job(same_user, long["job_id"])["status"] == "cancelled"
    finally:
        assert restored.stop() == 0


def _files_outside(root: Path, inside: Path) -> dict[str, bytes]:
    """Every file under root but those under inside, with its content (symlinks as their target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_relative_to(inside) or path.is_dir():
            continue
        found[str(path)] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return found


def _tampered(backup: Path, into: Path, change: Any) -> Path:
    """A copy of the backup whose manifest `change` edits (it may also change the copy's files)."""
    shutil.copytree(backup, into, symlinks=True)
    manifest = json.loads((into / "manifest.json").read_text())
    change(manifest, into)
    (into / "manifest.json").write_text(json.dumps(manifest))
    return into


def test_a_tampered_backup_changes_nothing_outside_the_new_data_folder(
    service: RunningService, uploaded: Uploaded, tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    assert _rnnvis(service, "backup", str(backup), "--data-dir", str(service.data_dir)).returncode == 0
    # the backup holds password and token hashes: only its owner reads it
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for path in backup.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    victim = tmp_path / "victim_file.txt"
    victim.write_text("not the backup's to touch")
    secret = tmp_path / "secret.txt"
    secret.write_text("another file of this machine")
    target = tmp_path / "restored"

    def kind(manifest: dict[str, Any], _: Path) -> None:
        manifest["files"][0]["kind"] = "../../../outside_k"

    def file_name(manifest: dict[str, Any], _: Path) -> None:
        manifest["files"][0]["file"] = "../../../../victim_file.txt"

    def text_id(manifest: dict[str, Any], _: Path) -> None:
        manifest["files"][0]["id"] = "1/../../2"

    def symlinked(manifest: dict[str, Any], copy: Path) -> None:
        entry = manifest["files"][0]
        artifact = copy / "artifacts" / entry["kind"] / str(entry["id"]) / entry["file"]
        artifact.unlink()
        artifact.symlink_to(secret)
        entry["sha256"] = hashlib.sha256(secret.read_bytes()).hexdigest()
        entry["bytes"] = secret.stat().st_size

    def symlinked_folder(manifest: dict[str, Any], copy: Path) -> None:
        entry = manifest["files"][0]
        folder = copy / "artifacts" / entry["kind"] / str(entry["id"])
        shutil.move(folder, copy / "elsewhere")
        folder.symlink_to(copy / "elsewhere")

    def unowned(manifest: dict[str, Any], copy: Path) -> None:
        entry = manifest["files"][0]
        extra = copy / "artifacts" / entry["kind"] / str(entry["id"]) / "extra.bin"
        extra.write_bytes(b"a file no record names")
        manifest["files"].append(
            {
                **entry,
                "file": "extra.bin",
                "sha256": hashlib.sha256(extra.read_bytes()).hexdigest(),
                "bytes": 22,
            }
        )

    refusals = {
        kind: "has the kind '../../../outside_k'",
        file_name: "has the file name '../../../../victim_file.txt'",
        text_id: "has the id '1/../../2', not a positive integer",
        symlinked: "passes through a symlink",
        symlinked_folder: "passes through a symlink",
        unowned: "a file no record of its database owns",
    }
    before = _files_outside(tmp_path, target)
    for change, words in refusals.items():
        tampered = _tampered(backup, tmp_path / f"tampered-{change.__name__}", change)
        outside = _files_outside(tmp_path, target)
        refused = _rnnvis(service, "restore", str(tampered), "--data-dir", str(target))
        assert refused.returncode == 2 and words in refused.stderr, (change.__name__, refused.stderr)
        assert "Traceback" not in refused.stderr
        assert _files_outside(tmp_path, target) == outside, change.__name__  # nothing changed, made or gone
        assert not (target / "postgres").exists()  # refused after the dump went in: that server is gone
        assert not [p for p in (target / "artifacts").rglob("*") if p.is_file()]
    assert victim.read_text() == "not the backup's to touch" and set(before) <= set(
        _files_outside(tmp_path, target)
    )

    # the untouched backup restores into folders only their owner reads
    done = _rnnvis(service, "restore", str(backup), "--data-dir", str(target))
    assert done.returncode == 0, done.stderr
    for folder in (target / "postgres", target / "artifacts"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    restored = [p for p in (target / "artifacts").rglob("*") if p.is_file()]
    assert restored and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in restored)
    # a dump whose SQL would run a program: none of a dump's SQL runs (only rows are read from it)
    marker = Path(f"/tmp/rnnvis-tampered-dump-{os.getpid()}")
    marker.unlink(missing_ok=True)
    evil = _tampered(backup, tmp_path / "tampered-dump", lambda manifest, copy: None)
    url = start_postgres(target)
    engine = create_engine(sqlalchemy_url(url))
    with engine.begin() as connection:
        connection.execute(text(EVIL_SQL.format(marker=marker)))
    engine.dispose()
    (evil / "database.dump").unlink()
    dump = [pg_tool("pg_dump"), "--format=custom", f"--file={evil / 'database.dump'}"]
    dumped = subprocess.run([*dump, f"--dbname={libpq_url(url)}"], capture_output=True, text=True)
    stop_postgres(target)
    assert dumped.returncode == 0, dumped.stderr
    manifest = json.loads((evil / "manifest.json").read_text())
    content = (evil / "database.dump").read_bytes()
    manifest["database"].update(sha256=hashlib.sha256(content).hexdigest(), bytes=len(content))
    (evil / "manifest.json").write_text(json.dumps(manifest))
    refused = _rnnvis(service, "restore", str(evil), "--data-dir", str(tmp_path / "never-evil"))
    assert refused.returncode == 2 and "it holds rows for evil_rows (x)" in refused.stderr, refused.stderr
    assert not marker.exists() and not (tmp_path / "never-evil" / "postgres").exists()
