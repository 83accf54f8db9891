"""SPEC 13 from the Python client and the command line, against the live service: trace and
half-lives, patching and attribution read back as the HTTP API answers them (whose values
tests/service/test_results.py and test_causal.py check against the engine and by hand)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator

import httpx
import numpy as np
import pytest

from rnnvis_client import Client
from tests.service.conftest import COCLUSTERING, Uploaded
from tests.service.stack import RNNVIS, RunningService, token_of

SOURCE = "the companies said they would sell their stakes"
TARGET = "the company said it would sell its stake"


@pytest.fixture(scope="module")
def api(service: RunningService, alice: httpx.Client) -> Iterator[Client]:
    with Client(service.url, token_of(alice), progress=False) as client:
        yield client


def rnnvis(service: RunningService, alice: httpx.Client, *args: str) -> str:
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": token_of(alice)}
    done = subprocess.run(
        [str(RNNVIS), *args], capture_output=True, text=True, env=env, timeout=300
    )  # a hang guard
    assert done.returncode == 0, f"rnnvis {' '.join(args)}\n{done.stdout}{done.stderr}"
    return done.stdout


def test_client_reads_the_trace(api: Client, alice: httpx.Client, uploaded: Uploaded) -> None:
    rec = uploaded.recording_id
    served = alice.get(f"/recordings/{rec}/trace", params={"layer": 1, "state": "c", "word": "the"}).json()
    found = api.trace(rec, "the", layer=1, state="c")
    assert (found.word, found.depth) == ("the", served["depth"])
    np.testing.assert_array_equal(found.trace, np.array(served["trace"], dtype=np.float64))
    assert found.to_frame().shape == (served["depth"] + 1, len(served["half_life"]))
    unit = api.unit_trace(rec, 3, layer=1, state="c")
    body = alice.get(f"/recordings/{rec}/trace/units/3", params={"layer": 1, "state": "c"}).json()
    assert list(unit.curves.columns) == [w["word"] for w in body["words"]]
    assert unit.half_life == body["half_life"]
    chips = api.half_lives(uploaded.coclustering_id)
    assert len(chips.chips) == COCLUSTERING["n_clusters"] and chips.layer == COCLUSTERING["layer"]
    statistics = api.statistics(rec, layer=1)
    assert statistics.trace is not None and statistics.trace_states is not None
    assert statistics.trace_states.tolist() == ["c", "h"]


def small_chip(alice: httpx.Client, uploaded: Uploaded) -> int:
    """The smallest non-empty memory chip: controls need chips of at most half the layer."""
    clusters = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()["unit_clusters"]
    return min((len(c), i) for i, c in enumerate(clusters) if c)[1]


def test_client_patches_and_attributes(api: Client, alice: httpx.Client, uploaded: Uploaded) -> None:
    chip = {"coclustering_id": uploaded.coclustering_id, "unit_cluster": small_chip(alice, uploaded)}
    patched = api.patch(uploaded.model_id, SOURCE, TARGET, controls=5, **chip)  # type: ignore[arg-type]
    served = alice.post(
        f"/models/{uploaded.model_id}/patch",
        json={"source_text": SOURCE, "target_text": TARGET, "controls": 5, **chip},
    ).json()
    assert patched.model_dump(mode="json") == served  # the same seed: the same controls
    found = api.attribute(uploaded.model_id, TARGET, step=4, **chip)  # type: ignore[arg-type]
    assert len(found.attributions) == 5 and found.tokens[4] == "would"
    assert sum(found.attributions) == pytest.approx(found.value - found.baseline, abs=1e-4)


def test_command_line(service: RunningService, alice: httpx.Client, uploaded: Uploaded) -> None:
    rec, model, co = str(uploaded.recording_id), str(uploaded.model_id), str(uploaded.coclustering_id)
    chip = str(small_chip(alice, uploaded))
    summary = rnnvis(service, alice, "trace", rec, "--layer", "1", "--state", "c")
    assert "1/c: trace of 6 steps" in summary and "holding longest: unit" in summary
    unit = rnnvis(service, alice, "trace", rec, "--layer", "1", "--state", "c", "--unit", "3")
    assert unit.startswith("unit 3 (1/c): half-life") and "mean |trace|" in unit
    patch = ["patch", model, "--source", SOURCE, "--target", TARGET, "--coclustering", co, "--chip", chip]
    patched = json.loads(rnnvis(service, alice, *patch, "--controls", "5", "--json"))
    assert len(patched["controls"]["delta_logit"]) == 5 and patched["unit_cluster"] == int(chip)
    attribute = ["attribute", model, TARGET, "--coclustering", co, "--chip", chip, "--step", "4"]
    told = rnnvis(service, alice, *attribute)
    assert "at step 4 ('would')" in told and "completeness error" in told
    table = rnnvis(
        service, alice, "export", f"recording/{rec}", "--table", "trace", "--layer", "1", "-o", "-"
    )
    assert table.splitlines()[0] == "layer,state,rank,word,k,count,unit,trace"
