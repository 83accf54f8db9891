"""The web client end to end: headless Chromium (playwright-core) against this module's `rnnvis serve`.

web/e2e/run.mjs visits every view, checks its marks against the API's answers, clicks words, chips
and forms, and saves a screenshot of each view (1440x900 and 1920x1080) into web/e2e/screenshots/
(ignored by git). `make screenshots` runs it with RNNVIS_SHOTS_DIR=docs/screenshots to refresh the
committed ones, so a test run never dirties a clone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from services.models import save_model
from services.training.options import WORD_MODEL_PRESET
from tests.conftest import SHARED_DATA, random_model
from tests.figure_files import fixed, read_pdf
from tests.service.conftest import OIDC_LABEL, Uploaded, upload_model
from tests.service.stack import RunningService, wait_for_job
from tests.word_language_model import make_example

pytestmark = pytest.mark.long  # minutes: started first in the parallel run

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("RNNVIS_SHOTS_DIR") or ROOT / "web" / "e2e" / "screenshots")
E2E_PASSWORD = "alice's e2e password"  # set by an administrator, for the password sign-in
# who signs in with single sign-on in the browser (a name no other test of the session uses)
SSO_SUBJECT, SSO_NAME = "e2e-0005", "e2e-sso-kim"
VIEWER_NAME = "e2e-share-viewer"  # a second user, added to a project as viewer (SPEC 12)
MARKUP_NAME = "<img src=x onerror=\"document.title='pwned'\">'; DROP TABLE corpora;--"


def large_coclustering(client: httpx.Client, folder: Path, corpus_id: int) -> int:
    """A 1500-unit layer co-clustered over 1000 words (random weights: the view's load is what counts)."""
    vocab = sorted(set((SHARED_DATA / "ptb.test.txt").read_text().split())) + ["<eos>"]
    model = random_model(vocab, "rnn_tanh", 1, 1500, 16, task="classifier", num_classes=2, scale=0.5)
    saved = save_model(folder / "large", model.spec, model.vocab, model.state_dict)
    uploaded = upload_model(client, saved, "1500 units").raise_for_status().json()
    rec = client.post(
        "/recordings",
        json={"model_id": uploaded["id"], "corpus_id": corpus_id, "max_tokens": 12000, "top_words": 10},
    ).json()
    assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
    co = client.post(
        f"/recordings/{rec['id']}/coclusterings", json={"n_clusters": 10, "top_words": 1000, "min_count": 1}
    ).json()
    assert wait_for_job(client, co["job_id"])["status"] == "succeeded"
    return int(co["id"])


# A model that learned something (validation perplexity about 160 against 270 for the word
# frequencies, in about 10 s on one worker thread), so that the views and screenshots show structure.
LEARNED = {**WORD_MODEL_PRESET, "name": "PTB LSTM 2x48"}  # the web form's preset
# One that learns nothing (a single short epoch), whose rows must carry the warning.
UNLEARNED = {"num_layers": 1, "hidden_size": 8, "embedding_size": 8, "epochs": 1, "max_vocab": 2000,
             "name": "PTB LSTM 1x8, one epoch"}  # fmt: skip


# the learned model's training keeps its weights every 60 steps: 9 checkpoints and its end, which
# the timeline view follows (issue 34)
KEPT = {"checkpoint_every": 60, "checkpoint_by": "steps"}
TIMELINE = {"layer": 1, "n_clusters": 6, "top_words": 300, "min_count": 5, "max_tokens": 20000}


def trained_model(client: httpx.Client, corpus_id: int, options: dict[str, object]) -> dict[str, object]:
    started = client.post("/trainings", json={"corpus_id": corpus_id, **options})
    assert started.status_code == 202, started.text
    assert wait_for_job(client, started.json()["job_id"])["status"] == "succeeded"
    training = client.get(f"/trainings/{started.json()['id']}").json()
    return dict(training)


def learned_coclustering(client: httpx.Client, shared_data: Path, ptb_corpus_id: int) -> dict[str, int]:
    """Train on PTB validation text through the server, record over the test text, co-cluster layer 1."""
    with (shared_data / "ptb.valid.txt").open("rb") as f:
        form = {"name": "PTB valid", "format": "text"}
        corpus = client.post("/corpora", data=form, files={"file": f}).json()
    learned = trained_model(client, corpus["id"], {**LEARNED, **KEPT})
    unlearned = trained_model(client, corpus["id"], UNLEARNED)
    assert learned["warning"] is None, learned["metrics"]
    assert "learned little" in str(unlearned["warning"]), unlearned["metrics"]
    rec = client.post(
        "/recordings",
        json={"model_id": learned["model_id"], "corpus_id": ptb_corpus_id, "top_words": 300, "trace": 16},
    ).json()  # with a trace (SPEC 13): the unit view's curves and the chips' half-lives
    assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
    co = client.post(
        f"/recordings/{rec['id']}/coclusterings",
        json={"layer": 1, "n_clusters": 6, "top_words": 300, "min_count": 5},
    ).json()
    other = client.post(
        f"/recordings/{rec['id']}/coclusterings",
        json={"layer": 0, "n_clusters": 6, "top_words": 300, "min_count": 5},
    ).json()
    memory = client.post(  # the cell state: its chips hold words for many steps (SPEC 13's half-lives)
        f"/recordings/{rec['id']}/coclusterings",
        json={"layer": 1, "state": "c", "n_clusters": 6, "top_words": 300, "min_count": 5},
    ).json()
    # the model that learned nothing, recorded and co-clustered too: its view must say so
    poor = client.post(
        "/recordings",
        json={"model_id": unlearned["model_id"], "corpus_id": ptb_corpus_id, "max_tokens": 5000},
    ).json()
    assert wait_for_job(client, poor["job_id"])["status"] == "succeeded"
    poor_co = client.post(f"/recordings/{poor['id']}/coclusterings", json={"n_clusters": 3}).json()
    timeline = client.post(
        f"/models/{learned['model_id']}/timelines", json={"corpus_id": ptb_corpus_id, **TIMELINE}
    ).json()
    for job in (co["job_id"], other["job_id"], memory["job_id"], poor_co["job_id"], timeline["job_id"]):
        assert wait_for_job(client, job)["status"] == "succeeded"
    return {
        "timeline": timeline["id"],
        "model": int(str(learned["model_id"])),
        "coclustering": co["id"],
        "other": other["id"],
        "memory": memory["id"],
        "unlearned": poor_co["id"],
    }


MAMBA2 = {
    "name": "Mamba-2 on PTB",
    "cell": "mamba2",
    "num_layers": 2,
    "hidden_size": 64,
    "embedding_size": 64,
}
MAMBA2_TRAINING = {**MAMBA2, "epochs": 1, "max_vocab": 2000, "batch_size": 20}


def learned_mamba2(
    client: httpx.Client, corpus_id: int, ptb_corpus_id: int, folder: Path
) -> dict[str, object]:
    """A Mamba-2 trained here on PTB validation text (it must learn), its folder downloaded as a .zip
    (the e2e uploads it again through the form), recorded over PTB test and co-clustered."""
    trained = trained_model(client, corpus_id, MAMBA2_TRAINING)
    assert trained["warning"] is None, trained["metrics"]
    zipped = folder / "mamba2.zip"
    zipped.write_bytes(client.get(f"/models/{trained['model_id']}/download").raise_for_status().content)
    rec = client.post(
        "/recordings", json={"model_id": trained["model_id"], "corpus_id": ptb_corpus_id, "layers": [1]}
    ).json()
    assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
    co = client.post(
        f"/recordings/{rec['id']}/coclusterings",
        json={"layer": 1, "state": "y", "n_clusters": 6, "top_words": 300, "min_count": 5},
    ).json()
    assert wait_for_job(client, co["job_id"])["status"] == "succeeded"
    return {"model": trained["model_id"], "coclustering": co["id"], "zip": zipped}


def test_every_view_in_chromium(
    service: RunningService,
    alice: httpx.Client,
    admin: httpx.Client,
    uploaded: Uploaded,
    tmp_path: Path,
    shared_data: Path,
    oidc_provider: str,
) -> None:
    if not (ROOT / "web" / "dist" / "index.html").exists():
        pytest.fail("web/dist is missing: `make test` builds the web client before the tests")
    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is missing: `make test` installs it (make browser)")
    page = httpx.get(f"{service.url}/")
    assert page.status_code == 200 and "<title>RNNVis</title>" in page.text  # the API serves the client
    # the views read a model that learned something; the compare view aligns its layer 0 with layer 1
    learned = learned_coclustering(alice, shared_data, uploaded.corpus_id)
    ptb_valid = next(c for c in alice.get("/corpora").json()["items"] if c["name"] == "PTB valid")
    mamba2 = learned_mamba2(alice, ptb_valid["id"], uploaded.corpus_id, tmp_path)
    big = large_coclustering(alice, tmp_path, uploaded.corpus_id)
    markup = alice.post(
        "/corpora", data={"name": MARKUP_NAME, "format": "text"}, files={"file": ("m.txt", b"a b c\n")}
    )
    assert markup.status_code == 201
    make_example(tmp_path / "wlm")  # a word_language_model checkpoint, uploaded through the form
    token = str(alice.headers["Authorization"]).removeprefix("Bearer ")
    alice_me = alice.get("/me").json()
    admin.patch(f"/users/{alice_me['id']}", json={"password": E2E_PASSWORD}).raise_for_status()
    # single sign-on: what the test's provider will say of the person who signs in there
    claims = {"preferred_username": SSO_NAME}
    httpx.put(f"{oidc_provider}/users/{SSO_SUBJECT}", json=claims).raise_for_status()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    env = {
        **os.environ,
        "RNNVIS_SSO_SUBJECT": SSO_SUBJECT,
        "RNNVIS_SSO_NAME": SSO_NAME,
        "RNNVIS_SSO_LABEL": OIDC_LABEL,
        "RNNVIS_URL": service.url,
        "RNNVIS_TOKEN": token,
        "RNNVIS_NAME": alice_me["name"],
        "RNNVIS_PASSWORD": E2E_PASSWORD,
        "RNNVIS_ADMIN_TOKEN": str(admin.headers["Authorization"]).removeprefix("Bearer "),
        "RNNVIS_MODEL": str(learned["model"]),
        "RNNVIS_COCLUSTERING": str(learned["coclustering"]),
        "RNNVIS_OTHER_COCLUSTERING": str(learned["other"]),
        "RNNVIS_MEMORY_COCLUSTERING": str(learned["memory"]),
        "RNNVIS_TIMELINE": str(learned["timeline"]),  # the learned model's 10 checkpoints followed
        "RNNVIS_DEGENERATE_COCLUSTERING": str(uploaded.coclustering_id),  # 2 of its 4 chips are empty
        "RNNVIS_UNLEARNED_COCLUSTERING": str(learned["unlearned"]),  # of a model that learned nothing
        "RNNVIS_TEXT": "the company said it will sell its stake in the unit",
        # the sentence view's patch: this text's chip state put into RNNVIS_TEXT's (SPEC 13)
        "RNNVIS_SOURCE_TEXT": "the companies said they will sell their stakes in the units",
        "RNNVIS_SHOTS": str(SHOTS),
        "RNNVIS_DOWNLOADS": str(downloads),  # the co-cluster view's PDF, opened here with pypdf
        "RNNVIS_BIG_COCLUSTERING": str(big),
        "RNNVIS_MARKUP_NAME": MARKUP_NAME,
        "RNNVIS_NEWCOMER_TOKEN": service.create_user("newcomer"),  # owns nothing yet
        "RNNVIS_VIEWER_NAME": VIEWER_NAME,
        "RNNVIS_VIEWER_TOKEN": service.create_user(VIEWER_NAME),  # what alice shares, they read
        "RNNVIS_CHECKPOINT_DIR": str(tmp_path / "wlm"),
        "RNNVIS_MODERN_ZIP": str(mamba2["zip"]),
        "RNNVIS_MODERN_MODEL": str(mamba2["model"]),
        "RNNVIS_MODERN_COCLUSTERING": str(mamba2["coclustering"]),
    }
    run = subprocess.run(
        ["node", "e2e/run.mjs"], cwd=ROOT / "web", env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    assert "all views checked" in run.stdout
    # the PDF the browser saved: vector, its font embedded, the co-clustering's provenance in its XMP
    saved = sorted(downloads.glob("*.pdf"))
    assert saved, "the co-cluster view saved no PDF"
    with service.client(token) as http:
        served = http.get(f"/provenance/coclustering/{learned['coclustering']}").json()
    for path in saved:
        pdf = read_pdf(path)
        assert pdf.pages == 1 and pdf.title == served["caption"], (path, pdf.title)
        assert fixed(pdf.provenance) == fixed(served)
        assert pdf.path_operators > 100 and pdf.shows_text and any("Roboto" in f for f in pdf.embedded_fonts)
    shown = ("timing", "1440x900 ", "1920x1080 ")  # the large layer's figures, each step's seconds
    print("\n".join(line for line in run.stdout.splitlines() if line.startswith(shown)))
    for view in (
        "signin",
        "signin-sso-declined",
        "account",
        "admin",
        "dashboard",
        "cocluster",
        "unit",
        "timeline",
        "word",
        "sentence",
        "compare",
        "dashboard-mamba2",
        "cocluster-mamba2",
        "sentence-mamba2",
        "projects",
        "project",
        "share-dialog",
        "link",
        "embed",
        "dashboard-shared",
    ):
        assert (SHOTS / f"{view}-1440x900.png").exists(), view
