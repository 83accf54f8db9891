"""SPEC 9 through the running service: word selection, quality, stability over seeds, the scan over
k and edits, checked against the recording's own matrix computed on (GET /matrix) with numpy."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.service.conftest import Uploaded
from tests.service.stack import wait_for_job

LAYER = {"layer": 1, "state": "h"}


def finished(client: httpx.Client, answer: httpx.Response, path: str) -> dict:
    assert answer.status_code == 202, answer.text
    assert wait_for_job(client, answer.json()["job_id"])["status"] == "succeeded"
    return dict(client.get(f"{path}/{answer.json()['id']}").json())


def the_matrix(client: httpx.Client, uploaded: Uploaded, top_words: int = 5000) -> dict:
    return dict(
        client.get(
            f"/recordings/{uploaded.recording_id}/matrix", params={**LAYER, "top_words": top_words}
        ).json()
    )


def modularity(a: np.ndarray, word_labels: np.ndarray, unit_labels: np.ndarray, k: int) -> float:
    """Q = trace(S_w^T B S_u) with B = A / m - r d^T / m^2: another form than the service's."""
    m = a.sum()
    b = a / m - np.outer(a.sum(1), a.sum(0)) / m**2
    sw = np.stack([word_labels == i for i in range(k)], 1).astype(float)
    su = np.stack([unit_labels == i for i in range(k)], 1).astype(float)
    return float(np.trace(sw.T @ b @ su))


def test_quality_and_stability_with_seeds(alice: httpx.Client, uploaded: Uploaded) -> None:
    body = {**LAYER, "n_clusters": 3, "top_words": 120, "min_count": 3, "seeds": 4}
    co = finished(
        alice, alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json=body), "/coclusterings"
    )
    matrix = the_matrix(alice, uploaded)
    index = {w: i for i, w in enumerate(matrix["words"])}
    a = np.abs(np.array(matrix["mean"])[[index[w] for w in co["words"]]])
    q = co["quality"]
    assert q["modularity"] == pytest.approx(
        modularity(a, np.array(co["word_labels"]), np.array(co["unit_labels"]), 3), abs=1e-6
    )
    assert sum(q["cluster_modularity"]) == pytest.approx(q["modularity"])
    assert 0 <= q["block_share_random"] <= q["block_share"] <= 1
    assert len(co["unit_confidence"]) == 24 and len(co["word_confidence"]) == len(co["words"])
    assert all(0 < c <= 1 for c in co["unit_confidence"] + co["word_confidence"])
    assert -1 <= co["stability"]["units"] <= 1 and co["seeds"] == 4 and co["label"].endswith("· 4 seeds")
    # one seed: quality, but no confidence
    single = finished(
        alice,
        alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json={**body, "seeds": 1}),
        "/coclusterings",
    )
    assert single["quality"] and single["unit_confidence"] is None and single["stability"] is None


def test_word_selection(alice: httpx.Client, uploaded: Uploaded) -> None:
    matrix = the_matrix(alice, uploaded)
    counts, means = np.array(matrix["counts"]), np.abs(np.array(matrix["mean"])).mean(1)
    seen = np.flatnonzero(counts >= 5)
    salient = {matrix["words"][i] for i in seen[np.argsort(-means[seen], kind="stable")][:40]}
    body = {**LAYER, "n_clusters": 3, "top_words": 40, "min_count": 5, "word_selection": "salient"}
    co = finished(
        alice, alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json=body), "/coclusterings"
    )
    assert set(co["words"]) == salient and "salient words" in co["label"]
    listed = ["the", "of", "million", "company", "said", "shares"]
    body = {**LAYER, "n_clusters": 2, "word_selection": "list", "words": listed}
    co = finished(
        alice, alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json=body), "/coclusterings"
    )
    assert co["words"] == listed and co["words_listed"] == listed
    unknown = alice.post(
        f"/recordings/{uploaded.recording_id}/coclusterings",
        json={**body, "words": ["the", "zzqx", "qqzz"]},
    )
    assert unknown.status_code == 422 and "'zzqx', 'qqzz'" in unknown.json()["detail"]
    for wrong in ({**body, "words": None}, {**body, "word_selection": "frequent"}):
        assert alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json=wrong).status_code == 422


def test_scan_suggests_a_k_it_scanned(alice: httpx.Client, uploaded: Uploaded) -> None:
    body = {**LAYER, "top_words": 150, "min_count": 3, "k_min": 2, "k_max": 5, "seeds": 3}
    scan = finished(
        alice,
        alice.post(f"/recordings/{uploaded.recording_id}/coclustering-scans", json=body),
        "/coclustering-scans",
    )
    assert [r["k"] for r in scan["results"]] == [2, 3, 4, 5] and scan["suggested_k"] in (2, 3, 4, 5)
    assert all(r["modularity_std"] >= 0 and r["stability_units"] is not None for r in scan["results"])
    assert scan["words"] == 150
    listing = alice.get("/coclustering-scans", params={"recording_id": uploaded.recording_id}).json()
    assert scan["id"] in [s["id"] for s in listing["items"]]
    bad = alice.post(f"/recordings/{uploaded.recording_id}/coclustering-scans", json={**body, "k_min": 6})
    assert bad.status_code == 422 and "k_min=6 is more than k_max=5" in bad.json()["detail"]


def test_edits_make_a_new_coclustering(alice: httpx.Client, uploaded: Uploaded) -> None:
    parent = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    word, k = parent["words"][3], parent["n_clusters"]
    to = (parent["word_labels"][3] + 1) % k
    answer = alice.post(f"/coclusterings/{parent['id']}/edits", json={"moves": [{"word": word, "to": to}]})
    assert answer.status_code == 201, answer.text
    child = answer.json()
    changed = [
        i for i, (a, b) in enumerate(zip(parent["word_labels"], child["word_labels"], strict=True)) if a != b
    ]
    assert changed == [3] and child["word_labels"][3] == to and child["unit_labels"] == parent["unit_labels"]
    assert child["parent_id"] == parent["id"] and child["edits"]["moves"] == [
        {"word": word, "unit": None, "to": to}
    ]
    assert (
        child["quality"]["modularity"] != parent["quality"]["modularity"] if parent.get("quality") else True
    )
    assert "edited: 1 move" in child["label"]
    # the edges recomputed by hand from the recording's matrix
    matrix = the_matrix(alice, uploaded)
    index = {w: i for i, w in enumerate(matrix["words"])}
    m = np.array(matrix["mean"])[[index[w] for w in child["words"]]]
    wl, ul = np.array(child["word_labels"]), np.array(child["unit_labels"])
    for i in range(k):
        for j in range(k):
            if (wl == i).any() and (ul == j).any():
                assert child["edges"][i][j] == pytest.approx(
                    m[np.ix_(wl == i, ul == j)].mean(), rel=1e-5, abs=1e-7
                )
    # the parent is unchanged, and a permalink to it still answers it
    assert alice.get(f"/coclusterings/{parent['id']}").json()["word_labels"] == parent["word_labels"]
    merged = alice.post(f"/coclusterings/{child['id']}/edits", json={"merge": [0, 1]}).json()
    assert merged["n_clusters"] == k - 1 and merged["parent_id"] == child["id"]
    refused = alice.post(f"/coclusterings/{parent['id']}/edits", json={"moves": [{"word": "zzqx", "to": 0}]})
    assert (
        refused.status_code == 422
        and "'zzqx' is not one of this co-clustering's words" in refused.json()["detail"]
    )
    assert alice.post(f"/coclusterings/{parent['id']}/edits", json={}).status_code == 422


def test_ablation_of_a_chip(alice: httpx.Client, uploaded: Uploaded) -> None:
    co = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    chip = next(i for i, units in enumerate(co["unit_clusters"]) if 0 < len(units) <= 12)
    body = {"unit_cluster": chip, "controls": 3, "max_tokens": 4000, "seed": 5}
    found = finished(alice, alice.post(f"/coclusterings/{co['id']}/ablations", json=body), "/ablations")
    k = co["n_clusters"]
    assert found["units"] == sorted(co["unit_clusters"][chip]) and found["layer"] == co["layer"]
    assert len(found["delta_loss"]) == len(found["z"]) == len(found["cluster_counts"]) == k
    assert len(found["control_units"]) == 3 and all(
        len(c) == len(found["units"]) for c in found["control_units"]
    )
    assert found["loss"]["ablated"] != found["loss"]["unablated"] and len(found["loss"]["controls"]) == 3
    assert found["loss"]["perplexity"]["unablated"] == pytest.approx(np.exp(found["loss"]["unablated"]))
    assert 0 < len(found["most_hurt"]) <= 20 and found["tokens"] > 0
    # the same request again is the same test, not run again (the unit tests draw the controls twice)
    again = finished(alice, alice.post(f"/coclusterings/{co['id']}/ablations", json=body), "/ablations")
    assert again["id"] == found["id"] and again["control_units"] == found["control_units"]
    table = alice.get(f"/ablations/{found['id']}/export", params={"format": "csv"})
    lines = table.text.splitlines()
    assert lines[0] == "word_cluster,steps,delta_loss,control_mean,control_std,z" and len(lines) == k + 1
    assert float(lines[1].split(",")[2]) == pytest.approx(found["delta_loss"][0], rel=1e-6)
    assert alice.get(f"/ablations/{found['id']}/export", params={"format": "json"}).json()["z"] == found["z"]
    assert alice.get(f"/ablations/{found['id']}/export", params={"format": "npz"}).status_code == 422
    listed = alice.get("/ablations", params={"coclustering_id": co["id"]}).json()["items"]
    assert {found["id"], again["id"]} <= {a["id"] for a in listed}
    for wrong in ({"unit_cluster": chip, "units": [0]}, {}, {"unit_cluster": 99}):
        assert alice.post(f"/coclusterings/{co['id']}/ablations", json=wrong).status_code == 422, wrong


def test_ablation_cancel(alice: httpx.Client, uploaded: Uploaded) -> None:
    started = alice.post(
        f"/coclusterings/{uploaded.coclustering_id}/ablations", json={"units": [0, 1], "controls": 20}
    ).json()
    assert alice.post(f"/jobs/{started['job_id']}/cancel").status_code in (200, 202)
    assert wait_for_job(alice, started["job_id"])["status"] == "cancelled"
    assert alice.delete(f"/ablations/{started['id']}").status_code == 204


def test_consensus_coclustering_and_scan(alice: httpx.Client, uploaded: Uploaded) -> None:
    """SPEC 9's consensus: the served chips are the engine's consensus of the served matrix (the vote
    itself is checked by hand in tests/unit/test_consensus.py), with its agreement beside."""
    from services.clustering.consensus import consensus

    body = {**LAYER, "n_clusters": 3, "top_words": 120, "min_count": 3, "seeds": 4, "consensus": True}
    co = finished(
        alice, alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json=body), "/coclusterings"
    )
    matrix = the_matrix(alice, uploaded)
    index = {w: i for i, w in enumerate(matrix["words"])}
    values = np.array(matrix["mean"])[[index[w] for w in co["words"]]]
    here = consensus(values, 3, "abs", 0, 4)
    assert co["consensus"] is True and co["unit_labels"] == here.chips.unit_labels_.tolist()
    assert co["label"].endswith("· 4 seeds · consensus")
    assert co["word_labels"] == here.chips.word_labels_.tolist()
    agreement = co["stability"]["consensus_agreement"]
    assert agreement == pytest.approx({"units": here.agreement_units, "words": here.agreement_words})
    refused = alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json={**body, "seeds": 1})
    assert refused.status_code == 422 and "consensus needs seeds of at least 2" in refused.json()["detail"]
    scan_body = {
        **LAYER,
        "top_words": 120,
        "min_count": 3,
        "k_min": 2,
        "k_max": 3,
        "seeds": 3,
        "consensus": True,
    }
    scan = finished(
        alice,
        alice.post(f"/recordings/{uploaded.recording_id}/coclustering-scans", json=scan_body),
        "/coclustering-scans",
    )
    assert scan["consensus"] is True and [r["k"] for r in scan["results"]] == [2, 3]
    assert all(-1 <= r["stability_units"] <= 1 for r in scan["results"])
