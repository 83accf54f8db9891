"""SPEC 13 patching and attribution over HTTP: answered by the interactive workers with the engine's
values, a 200-token sentence within the wait, bad input refused in words, others' records hidden."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from services.causal import attribute, patch
from services.models import RNNModel, build_network, load_model
from tests.service.conftest import COCLUSTERING, Uploaded, upload_model

TOL = {"rtol": 1e-5, "atol": 1e-6}  # the worker and this process may sum in another order
SOURCE = "the company said it will sell its stake in the unit"
TARGET = "the bank said it expects to report a loss in the quarter"


@pytest.fixture(scope="module")
def engine_model(model_dir: Path) -> tuple[RNNModel, list[str]]:
    model = load_model(model_dir / "model.safetensors", model_dir / "vocab.txt")
    return build_network(model), model.vocab


def test_patching_a_chip_answers_the_engines_values(
    alice: httpx.Client, uploaded: Uploaded, engine_model: tuple[RNNModel, list[str]]
) -> None:
    chips = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()["unit_clusters"]
    index = min((i for i, c in enumerate(chips) if c), key=lambda i: len(chips[i]))  # controls: <= half
    chip = chips[index]
    got = alice.post(
        f"/models/{uploaded.model_id}/patch",
        json={
            "source_text": SOURCE,
            "target_text": TARGET,
            "coclustering_id": uploaded.coclustering_id,
            "unit_cluster": index,
            "controls": 5,
            "seed": 2,
        },
    )
    assert got.status_code == 200, got.text
    body = got.json()
    network, vocab = engine_model
    expected = patch(network, vocab, SOURCE, TARGET, chip, COCLUSTERING["layer"], "h", controls=5, seed=2)
    assert (body["layer"], body["state"], body["units"]) == (1, "h", sorted(chip))
    assert body["output"] == expected.output and body["output_chosen"].startswith("default")
    assert body["steps"] == expected.steps and body["controls"]["units"] == expected.controls["units"]
    for key in ("before", "after"):
        for value in ("logit", "probability"):
            assert body[key][value] == pytest.approx(getattr(expected, key)[value], rel=1e-5, abs=1e-6)
    np.testing.assert_allclose(body["controls"]["delta_logit"], expected.controls["delta_logit"], **TOL)
    assert set(body["controls"]["z"]) == {"logit", "probability"}


def test_attribution_answers_the_engines_values(
    alice: httpx.Client, uploaded: Uploaded, engine_model: tuple[RNNModel, list[str]]
) -> None:
    got = alice.post(
        f"/models/{uploaded.model_id}/attribute",
        json={"text": TARGET, "units": [0, 3, 5], "layer": 1, "state": "c", "step": 7},
    )
    assert got.status_code == 200, got.text
    body = got.json()
    network, vocab = engine_model
    expected = attribute(network, vocab, TARGET, [0, 3, 5], 1, "c", 7)
    assert body["step"] == 7 and body["n_steps"] == 32 and len(body["attributions"]) == 8
    np.testing.assert_allclose(body["attributions"], expected.attributions, **TOL)
    assert abs(body["completeness_error"]) < 1e-4
    assert sum(body["attributions"]) == pytest.approx(body["value"] - body["baseline"], abs=1e-4)


def test_a_sentence_of_200_tokens_is_answered(
    alice: httpx.Client, uploaded: Uploaded, shared_data: Path, engine_model: tuple[RNNModel, list[str]]
) -> None:
    _, vocab = engine_model
    known = set(vocab)
    words = [w for w in (shared_data / "ptb.test.txt").read_text().split() if w in known]
    source, target = " ".join(words[:200]), " ".join(words[200:400])
    url = f"/models/{uploaded.model_id}"
    start = time.perf_counter()
    patched = alice.post(
        f"{url}/patch",
        json={"source_text": source, "target_text": target, "units": list(range(8)), "controls": 20},
    )
    patch_s = time.perf_counter() - start
    assert patched.status_code == 200, patched.text
    assert len(patched.json()["steps"]) == 200 and len(patched.json()["controls"]["units"]) == 20
    start = time.perf_counter()
    attributed = alice.post(f"{url}/attribute", json={"text": target, "units": list(range(8))})
    attribute_s = time.perf_counter() - start
    assert attributed.status_code == 200, attributed.text
    assert len(attributed.json()["attributions"]) == 200
    print(f"200 tokens: patch with 20 controls {patch_s:.2f} s, attribute (32 nodes) {attribute_s:.2f} s")


def test_bad_input_is_refused_in_words(alice: httpx.Client, uploaded: Uploaded, model_dir: Path) -> None:
    url = f"/models/{uploaded.model_id}"
    chip = {"coclustering_id": uploaded.coclustering_id, "unit_cluster": 0}
    texts = {"source_text": SOURCE, "target_text": TARGET}
    refused = {
        "step out of range": (
            f"{url}/patch",
            {**texts, "units": [0], "steps": [40]},
            "step 40 is not a step",
        ),
        "no aligned source": (
            f"{url}/patch",
            {"source_text": "the", "target_text": TARGET, "units": [0], "steps": [0]},
            "has no source step",
        ),
        "a gate": (f"{url}/attribute", {"text": TARGET, "units": [0], "state": "gate_i"}, "state 'gate_i'"),
        "no such layer": (f"{url}/attribute", {"text": TARGET, "units": [0], "layer": 2}, "no layer 2"),
        "unit out of range": (
            f"{url}/attribute",
            {"text": TARGET, "units": [24]},
            "units must be some of 0..23",
        ),
        "units and a chip": (f"{url}/patch", {**texts, "units": [0], **chip}, "say which units"),
        "neither": (f"{url}/attribute", {"text": TARGET}, "say which units"),
        "no chip of that index": (
            f"{url}/patch",
            {**texts, "coclustering_id": uploaded.coclustering_id, "unit_cluster": 9},
            "unit_cluster 9 is not one of 0..3",
        ),
        "another layer than the chip's": (
            f"{url}/attribute",
            {"text": TARGET, **chip, "layer": 0},
            "leave layer",
        ),
        "step past the text": (f"{url}/attribute", {"text": TARGET, "units": [0], "step": 12}, "step 12"),
        "half the layer as controls": (f"{url}/patch", {**texts, "units": list(range(13))}, "overlap"),
    }
    for case, (path, body, words) in refused.items():
        got = alice.post(path, json=body)
        assert got.status_code == 422, (case, got.text)
        assert words in got.json()["detail"], (case, got.text)
    assert alice.post(f"{url}/attribute", json={"text": "", "units": [0]}).status_code == 422
    other = upload_model(alice, model_dir, "the same weights again").raise_for_status().json()["id"]
    got = alice.post(f"/models/{other}/patch", json={**texts, **chip})
    assert got.status_code == 422 and "is not of model" in got.json()["detail"], got.text


def test_another_users_model_or_chip_is_not_found(
    alice: httpx.Client, bob: httpx.Client, uploaded: Uploaded, model_dir: Path
) -> None:
    texts = {"source_text": SOURCE, "target_text": TARGET}
    assert bob.post(f"/models/{uploaded.model_id}/patch", json={**texts, "units": [0]}).status_code == 404
    assert (
        bob.post(f"/models/{uploaded.model_id}/attribute", json={"text": TARGET, "units": [0]}).status_code
        == 404
    )
    own = upload_model(bob, model_dir, "bob's").raise_for_status().json()["id"]
    chip = {"coclustering_id": uploaded.coclustering_id, "unit_cluster": 0}
    assert bob.post(f"/models/{own}/patch", json={**texts, **chip}).status_code == 404
