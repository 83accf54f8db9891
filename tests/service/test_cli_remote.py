"""The command line against the live service: `rnnvis models|corpora|record|cocluster|evaluate|export|jobs`
and `rnnvis projects|share`, run as a user runs it (a subprocess, RNNVIS_URL and RNNVIS_TOKEN in the
environment)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest
import torch

from tests.service.stack import RNNVIS, RunningService
from tests.service.tiny import VOCAB, TinyLM, corpus_lines

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def rnnvis(service: RunningService) -> Run:
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": service.create_user("shell-erin")}

    def run(*args: str, code: int = 0, **env_changes: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(RNNVIS), *args], capture_output=True, text=True, env={**env, **env_changes}, timeout=300
        )
        assert done.returncode == code, (
            f"rnnvis {' '.join(args)} -> {done.returncode}\n{done.stdout}{done.stderr}"
        )
        return done

    return run


def as_json(done: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PyTorch state_dict file (read with weights_only=True), its vocabulary and a corpus."""
    folder = tmp_path_factory.mktemp("cli")
    torch.save(TinyLM(seed=5).state_dict(), folder / "model.pt")
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n")
    (folder / "corpus.txt").write_text("\n".join(corpus_lines(60, seed=4)) + "\n")
    return folder


def co_row_id(rnnvis: Any, rec: dict) -> int:
    listed = json.loads(rnnvis("coclusterings", "list", "--recording-id", str(rec["id"]), "--json").stdout)
    return int(listed[0]["id"])


def test_a_whole_analysis_from_the_shell(rnnvis: Run, files: Path, tmp_path: Path) -> None:
    model = as_json(
        rnnvis("models", "upload", "cli-gru", str(files / "model.pt"), str(files / "vocab.txt"), "--json")
    )
    assert (model["cell"], model["hidden_size"], model["vocab_size"]) == ("gru", 5, len(VOCAB))
    corpus = as_json(rnnvis("corpora", "upload", "cli-lines", str(files / "corpus.txt"), "--json"))
    assert corpus["num_sequences"] == 60

    listed = rnnvis("models", "list").stdout
    assert "cli-gru" in listed and listed.splitlines()[0].split()[:3] == ["id", "name", "cell"]
    assert "cli-lines" in rnnvis("corpora", "list").stdout

    queued = rnnvis("record", str(model["id"]), str(corpus["id"]), "--top-words", "4").stdout
    assert "queued as job" in queued and "rnnvis jobs wait" in queued
    job_id = int(queued.split("queued as job ")[1].split(";")[0])
    waited = as_json(rnnvis("jobs", "wait", str(job_id), "--json", "--quiet"))
    assert waited["status"] == "succeeded" and waited["kind"] == "recording"

    rec = as_json(rnnvis("record", str(model["id"]), str(corpus["id"]), "--wait", "--json"))
    assert rec["status"] == "succeeded" and rec["tokens"] > 0
    shown = rnnvis("recordings", "show", str(rec["id"])).stdout
    assert "succeeded" in shown and "tokens" in shown

    co = rnnvis("cocluster", str(rec["id"]), "--clusters", "2", "--min-count", "1", "--wait")
    assert "strongest words" in co.stdout and "100%" in co.stderr  # a table on stdout, progress on stderr
    assert "modularity" in co.stdout.splitlines()[1] and "random labels" in co.stdout  # SPEC 9 quality
    scan = rnnvis("scan", str(rec["id"]), "--k-max", "3", "--seeds", "2", "--min-count", "1", "--wait").stdout
    assert "suggested k:" in scan and "← suggested" in scan
    ablated = rnnvis(
        "ablate", str(co_row_id(rnnvis, rec)), "--cluster", "1", "--controls", "2", "--wait"
    ).stdout
    assert "most hurt:" in ablated and ablated.splitlines()[1].split()[:3] == ["cloud", "delta", "control"]
    [co_row] = as_json(rnnvis("coclusterings", "list", "--recording-id", str(rec["id"]), "--json"))
    assert co_row["status"] == "succeeded" and co_row["n_clusters"] == 2

    ev = rnnvis("evaluate", str(model["id"]), "the cat sat", "--coclustering", str(co_row["id"])).stdout
    assert ev.splitlines()[0].split() == ["step", "token", "predictions", "contribution"]
    assert "logit" in ev
    glyphs = ev.split("memory chips per step")[1].splitlines()[1:]  # the table under its title
    assert glyphs[0].split()[:3] == ["step", "token", "chip"] and len(glyphs) == 1 + 3  # a header, 3 steps
    assert glyphs[1].split()[:2] == ["0", "the"] and "%" in glyphs[1]
    raw = as_json(rnnvis("evaluate", str(model["id"]), "the dog ran", "--json"))
    assert raw["tokens"] == ["the", "dog", "ran"]

    saved = as_json(
        rnnvis("export", f"recording/{rec['id']}", "--format", "csv", "-o", str(tmp_path), "--json")
    )
    table = pd.read_csv(saved["files"][0])
    assert len(table) == 2 * rec["words"] * 5 and {"mean", "std", "q50"} <= set(table.columns)
    rnnvis("export", f"coclustering/{co_row['id']}", "--format", "csv", "-o", str(tmp_path))
    for name in ("units", "words", "edges"):
        assert (tmp_path / f"coclustering-{co_row['id']}-{name}.csv").is_file()
    npz = rnnvis("export", f"recordings/{rec['id']}", "--format", "npz", "-o", str(tmp_path / "stats.npz"))
    assert "saved" in npz.stdout and (tmp_path / "stats.npz").stat().st_size > 0
    words = rnnvis("export", f"coclustering/{co_row['id']}", "--format", "csv", "--table", "words", "-o", "-")
    assert words.stdout.splitlines()[0] == "rank,word,cluster,strength"
    # a path ending in / is a folder, made when missing, with the documented names inside
    rnnvis("export", f"recording/{rec['id']}", "--format", "npz", "-o", f"{tmp_path}/made/")
    assert (tmp_path / "made" / f"recording-{rec['id']}.npz").is_file()
    rnnvis("export", f"coclustering/{co_row['id']}", "--format", "csv", "-o", f"{tmp_path}/also/made/")
    assert sorted(p.name for p in (tmp_path / "also" / "made").iterdir()) == [
        f"coclustering-{co_row['id']}-{name}.csv" for name in ("edges", "units", "words")
    ]
    missing = rnnvis("export", f"recording/{rec['id']}", "-o", f"{tmp_path}/nowhere/file.csv", code=2)
    assert "end the path with /" in missing.stderr

    jobs = as_json(rnnvis("jobs", "list", "--json"))
    assert {j["kind"] for j in jobs} == {"recording", "coclustering", "coclustering_scan", "ablation"}
    assert as_json(rnnvis("jobs", "show", str(job_id), "--json"))["id"] == job_id
    rnnvis("coclusterings", "delete", str(co_row["id"]))
    rnnvis("coclusterings", "show", str(co_row["id"]), code=3)


def test_exit_codes_mean_something(rnnvis: Run, service: RunningService, files: Path, tmp_path: Path) -> None:
    missing = rnnvis("models", "show", "999999", code=3)
    assert "model 999999 not found" in missing.stderr
    rnnvis("jobs", "list", code=4, RNNVIS_TOKEN="rnv_wrong")
    rnnvis("models", "list", "--url", "http://127.0.0.1:9", code=6)
    short = tmp_path / "short.txt"
    short.write_text("\n".join(VOCAB[:3]) + "\n")
    bad = rnnvis("models", "upload", "bad", str(files / "model.pt"), str(short), code=2)
    assert "vocab" in bad.stderr
    rnnvis("corpora", "upload", "none", str(tmp_path / "absent.txt"), code=2)
    assert "recording/ID" in rnnvis("export", "7", code=2).stderr
    rnnvis("cocluster", "1", code=2)  # --clusters is required: argparse's usage error
    corpus = as_json(rnnvis("corpora", "upload", "done", str(files / "corpus.txt"), "--json"))
    model = as_json(
        rnnvis("models", "upload", "m", str(files / "model.pt"), str(files / "vocab.txt"), "--json")
    )
    rec = as_json(rnnvis("record", str(model["id"]), str(corpus["id"]), "--wait", "--json", "--quiet"))
    refused = rnnvis("jobs", "cancel", str(rec["job_id"]), code=5)
    assert "already succeeded" in refused.stderr


def test_a_large_upload_draws_a_progress_bar(rnnvis: Run, shared_data: Path) -> None:
    text = str(shared_data / "tinyshakespeare.txt")  # 1.1 MB: above the 1 MiB threshold
    shown = rnnvis("corpora", "upload", "shakespeare", text)
    assert "uploading tinyshakespeare.txt" in shown.stderr and "100%" in shown.stderr
    assert "num_tokens" in shown.stdout
    assert rnnvis("corpora", "upload", "again", text, "--quiet").stderr == ""


def test_training_on_the_server(rnnvis: Run, files: Path) -> None:
    corpus = as_json(rnnvis("corpora", "upload", "to-train", str(files / "corpus.txt"), "--json"))
    queued = rnnvis("trainings", "start", str(corpus["id"]), "--cell", "gru", "--hidden", "6", "--quiet")
    assert "queued as job" in queued.stdout
    done = as_json(
        rnnvis(
            "trainings", "start", str(corpus["id"]), "--name", "small", "--hidden", "6", "--wait", "--json"
        )
    )
    assert done["status"] == "succeeded" and done["options"]["hidden_size"] == 6
    model = as_json(rnnvis("models", "show", str(done["model_id"]), "--json"))
    assert (model["name"], model["cell"], model["hidden_size"]) == ("small", "lstm", 6)


def test_projects_members_and_links_from_the_shell(rnnvis: Run, service: RunningService, files: Path) -> None:
    """SPEC 12 from the shell: a project, a member, a corpus shared on upload, a link read with no
    account, then revoked."""
    service.create_user("shell-frank")
    project = as_json(rnnvis("projects", "create", "shell lab", "--json"))
    assert (project["name"], project["role"]) == ("shell lab", "owner")
    pid = str(project["id"])
    added = rnnvis("projects", "add-member", pid, "shell-frank").stdout.strip()
    assert added == f"shell-frank is a viewer of project {pid}"
    changed = rnnvis("projects", "set-role", pid, "shell-frank", "editor").stdout.strip()
    assert changed == f"shell-frank is an editor of project {pid}"
    corpus = as_json(
        rnnvis("corpora", "upload", "lab lines", str(files / "corpus.txt"), "--project", pid, "--json")
    )
    assert corpus["project_id"] == project["id"]
    listed = as_json(rnnvis("corpora", "list", "--project", pid, "--owner", "shell-erin", "--json"))
    assert [c["id"] for c in listed] == [corpus["id"]]

    shown = rnnvis("projects", "show", pid).stdout
    assert f"project {pid}: shell lab (your role: owner)" in shown
    members = shown.split("members:")[1].split("shared into it:")[0]
    assert "shell-erin" in members and "shell-frank" in members and "editor" in members
    assert "lab lines" in shown.split("shared into it:")[1]
    detail = as_json(rnnvis("projects", "show", pid, "--json"))
    assert {m["user"]: m["role"] for m in detail["members"]} == {
        "shell-erin": "owner",
        "shell-frank": "editor",
    }
    assert [(r["kind"], r["id"]) for r in detail["resources"]] == [("corpus", corpus["id"])]

    made = rnnvis("share", "link", "corpus", str(corpus["id"]), "--days", "3").stdout
    lines = dict(
        line.split(None, 1) for line in made.splitlines() if line.startswith(("url", "token", "link"))
    )
    token = lines["token"].strip()
    assert lines["url"].strip().endswith(f"/s/{token}")
    link_id = lines["link"].split()[0]
    opened = httpx.get(f"{service.url}/api/v1/shared/{token}")  # no account
    assert opened.status_code == 200 and opened.json()["kind"] == "corpus"
    assert opened.json()["id"] == corpus["id"]
    links = as_json(rnnvis("share", "links", "--json"))
    assert int(link_id) in [link["id"] for link in links]
    assert rnnvis("share", "revoke", link_id).stdout.strip() == f"revoked link {link_id}"
    assert httpx.get(f"{service.url}/api/v1/shared/{token}").status_code == 404

    assert rnnvis("share", "corpus", str(corpus["id"]), "--private").stdout.strip() == (
        f"corpus {corpus['id']} is private"
    )
    events = as_json(rnnvis("projects", "events", pid, "--json"))
    assert {"shared", "unshared", "member added"} <= {e["action"] for e in events}
    assert rnnvis("projects", "delete", pid).stdout.strip() == f"deleted project {pid}"
    rnnvis("projects", "show", pid, code=3)  # gone: not found
