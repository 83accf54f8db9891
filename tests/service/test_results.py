"""Values served over HTTP equal the engine's, computed here in-process on the same files."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
import pytest

from services.clustering import Cocluster
from services.comparison.alignment import align_units
from services.evaluation import evaluate_text
from services.models import build_network, load_model
from services.recording import QUANTILES, RecordingOptions, RecordingResult, open_corpus, record
from services.recording.quality import QUALITY_WORDS, reading_quality
from tests.service.conftest import COCLUSTERING, RECORDING, Uploaded

TOL = {"rtol": 1e-5, "atol": 1e-6}  # the worker and this process may sum in another order


@pytest.fixture(scope="module")
def engine(model_dir: Path, ptb_lines: Path) -> RecordingResult:
    model = load_model(model_dir / "model.safetensors", model_dir / "vocab.txt")
    return record(model, ptb_lines, "text", RecordingOptions(**RECORDING))  # type: ignore[arg-type]


def test_recording_summary(alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult) -> None:
    rec = alice.get(f"/recordings/{uploaded.recording_id}").json()
    assert rec["status"] == "succeeded" and rec["progress"] == 1.0
    assert rec["layers"] == [0, 1]
    assert rec["states"] == ["h", "c", "gate_i", "gate_f", "gate_o"]
    assert (rec["tokens"], rec["unk_tokens"], rec["dropped_tokens"]) == (
        engine.tokens,
        engine.unk_tokens,
        engine.dropped_tokens,
    )
    assert rec["words"] == len(engine.statistics.word_ids)
    assert rec["num_sequences"] == engine.num_sequences == 1500


def test_recording_reads_its_model_against_the_unigram(
    alice: httpx.Client, uploaded: Uploaded, model_dir: Path, ptb_lines: Path
) -> None:
    """The served reading quality equals the engine's on the same files (tests/unit/test_reading_quality.py
    checks the engine against plain torch)."""
    model = load_model(model_dir / "model.safetensors", model_dir / "vocab.txt")
    source = open_corpus(model, ptb_lines, "text", RecordingOptions(**RECORDING))  # type: ignore[arg-type]
    expected = reading_quality(model, source, source.scan().word_counts)
    served = alice.get(f"/recordings/{uploaded.recording_id}").json()["quality"]
    assert expected is not None and served["words"] == expected.words == QUALITY_WORDS
    assert served["loss"] == pytest.approx(expected.loss, rel=1e-5)
    assert served["unigram_loss"] == pytest.approx(expected.unigram_loss, rel=1e-9)
    assert served["learned"] == expected.learned


@pytest.mark.parametrize("layer,state", [(0, "h"), (1, "c"), (1, "gate_f")])
def test_word_response(
    alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult, layer: int, state: str
) -> None:
    stats = engine.statistics
    channel = stats.channel_index(layer, state)
    vocab = engine.vocab
    frequent = vocab[int(stats.word_ids[0])]
    rare = vocab[int(stats.word_ids[-1])]  # outside the top 100: no quantiles
    for word in (frequent, "company", rare):
        got = alice.get(
            f"/recordings/{uploaded.recording_id}/response",
            params={"word": word, "layer": layer, "state": state},
        )
        assert got.status_code == 200, got.text
        body = got.json()
        row = stats.row_of(vocab.index(word))
        assert row is not None
        assert body["count"] == int(stats.counts[row])
        np.testing.assert_allclose(body["mean"], stats.mean[channel, row], **TOL)
        np.testing.assert_allclose(body["std"], stats.std[channel, row], **TOL)
        q_rows = np.flatnonzero(stats.quantile_word_ids == vocab.index(word))
        if len(q_rows) == 0:
            assert body["quantiles"] is None
        else:
            for i, q in enumerate(QUANTILES):
                np.testing.assert_allclose(
                    body["quantiles"][str(q)], stats.quantiles[channel, q_rows[0], i], **TOL
                )


def test_matrix(alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult) -> None:
    body = alice.get(
        f"/recordings/{uploaded.recording_id}/matrix", params={"layer": 1, "state": "h", "top_words": 50}
    ).json()
    ids, mean = engine.statistics.matrix(1, "h", 50)
    assert body["words"] == engine.words(ids)
    np.testing.assert_allclose(body["mean"], mean, **TOL)


def _ranked(engine: RecordingResult, unit: int, min_count: int, prior: float | None) -> dict[str, list[str]]:
    """A unit's 5 most positive and negative words, ranked here in numpy: by the mean, or by the
    mean times count / (count + prior) (the documented shrinkage)."""
    stats = engine.statistics
    means = stats.mean[stats.channel_index(1, "h")][:, unit].astype(np.float64)
    counts = stats.counts.astype(np.float64)
    scores = means if prior is None else means * counts / (counts + prior)
    kept = [i for i in range(len(means)) if counts[i] >= min_count]
    up = sorted(kept, key=lambda i: -scores[i])[:5]
    down = sorted(kept, key=lambda i: scores[i])[:5]
    words = engine.words(stats.word_ids)  # row i of the statistics is vocabulary id word_ids[i]
    return {
        "positive": [words[i] for i in up if scores[i] > 0],
        "negative": [words[i] for i in down if scores[i] < 0],
    }


@pytest.mark.parametrize("unit", [0, 7, 23])
@pytest.mark.parametrize(("score", "prior"), [("shrunk", 20.0), ("mean", None)])
def test_unit_words(
    alice: httpx.Client,
    uploaded: Uploaded,
    engine: RecordingResult,
    unit: int,
    score: str,
    prior: float | None,
) -> None:
    body = alice.get(
        f"/recordings/{uploaded.recording_id}/units/{unit}/words",
        params={"layer": 1, "state": "h", "k": 5, "min_count": 3, "score": score},
    ).json()
    expected = _ranked(engine, unit, 3, prior)
    stats = engine.statistics
    counts = dict(zip(engine.words(stats.word_ids), stats.counts.tolist(), strict=True))
    for side in ("positive", "negative"):
        assert [w["word"] for w in body[side]] == expected[side]
        for w in body[side]:
            assert w["count"] == counts[w["word"]]
            shrink = 1.0 if prior is None else w["count"] / (w["count"] + prior)
            assert w["score"] == pytest.approx(w["mean"] * shrink, rel=1e-5)
    assert body["score"] == score and body["prior_count"] == (20 if prior else None)


def test_coclustering(alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult) -> None:
    body = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    assert body["status"] == "succeeded"
    ids, matrix = engine.statistics.matrix(1, "h", COCLUSTERING["top_words"], COCLUSTERING["min_count"])
    chips = Cocluster(4, "abs", 1).fit(matrix)
    assert body["words"] == engine.words(ids)
    assert body["unit_labels"] == chips.unit_labels_.tolist()
    assert body["word_labels"] == chips.word_labels_.tolist()
    assert body["unit_clusters"] == [c.tolist() for c in chips.unit_clusters_]
    np.testing.assert_allclose(body["edges"], chips.edges_, **TOL)
    np.testing.assert_allclose(body["word_strength"], chips.word_strength_, **TOL)
    assert len(body["edges"]) == 4 and all(len(row) == 4 for row in body["edges"])


def test_sentence_evaluation(alice: httpx.Client, uploaded: Uploaded, model_dir: Path) -> None:
    text = "the company said it will sell its stake in the unit"
    got = alice.post(
        f"/models/{uploaded.model_id}/evaluate",
        json={"text": text, "coclustering_id": uploaded.coclustering_id},
    )
    assert got.status_code == 200, got.text
    body = got.json()
    model = load_model(model_dir / "model.safetensors", model_dir / "vocab.txt")
    co = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    labels = np.asarray(co["unit_labels"])
    expected = evaluate_text(
        build_network(model), model.vocab, text, labels, 1, "h", n_clusters=co["n_clusters"]
    )
    assert len(body["glyphs"]["positive"]) == co["n_clusters"]  # one row per cluster, empty ones too
    assert body["tokens"] == expected.tokens
    for entry in body["states"]:
        np.testing.assert_allclose(entry["values"], expected.states[(entry["layer"], entry["state"])], **TOL)
    assert [p["token"] for p in body["predictions"][-1]] == [t for t, _ in expected.predictions[-1]]
    assert expected.glyphs is not None
    np.testing.assert_allclose(body["glyphs"]["preserved"], expected.glyphs.preserved, **TOL)
    np.testing.assert_allclose(body["glyphs"]["update_negative"], expected.glyphs.update_negative, **TOL)
    d = body["decomposition"]
    assert d["output"] == expected.decomposition.output
    assert sum(d["contributions"]) + d["bias"] == pytest.approx(d["logit"], rel=1e-5)


def test_alignment(alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult) -> None:
    rid = uploaded.recording_id
    params = {"other": rid, "layer": 0, "state": "h", "other_layer": 1, "other_state": "h", "top_words": 150}
    first = alice.get(f"/recordings/{rid}/alignment", params=params)
    assert first.status_code == 200, first.text
    ids_a, a = engine.statistics.matrix(0, "h", 150)
    ids_b, b = engine.statistics.matrix(1, "h", 150)
    expected = align_units(engine.words(ids_a), a, engine.words(ids_b), b)
    body = first.json()
    assert [(p["unit"], p["other_unit"]) for p in body["pairs"]] == [(u, v) for u, v, _ in expected.pairs]
    np.testing.assert_allclose(
        [p["correlation"] for p in body["pairs"]], [c for _, _, c in expected.pairs], atol=1e-5
    )
    again = alice.get(f"/recordings/{rid}/alignment", params=params).json()  # served from the table
    assert again["id"] == body["id"] and again["pairs"] == body["pairs"]
    same = alice.get(f"/recordings/{rid}/alignment", params={"other": rid, "layer": 1}).json()
    assert all(p["unit"] == p["other_unit"] for p in same["pairs"])


def test_records_have_readable_labels_and_a_repeated_coclustering_is_the_same(
    alice: httpx.Client, uploaded: Uploaded
) -> None:
    rec = alice.get(f"/recordings/{uploaded.recording_id}").json()
    model = alice.get(f"/models/{rec['model_id']}").json()
    corpus = alice.get(f"/corpora/{rec['corpus_id']}").json()
    assert rec["label"] == f"{model['name']} on {corpus['name']}"
    co = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    assert co["label"] == f"{rec['label']} · layer 1 h · 4 clusters of 200 words (min 3) · abs · seed 1"
    again = alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json=COCLUSTERING)
    assert again.status_code == 202
    assert again.json() == {"id": uploaded.coclustering_id, "status": "succeeded", "job_id": co["job_id"]}
    other = alice.post(f"/recordings/{uploaded.recording_id}/coclusterings", json={**COCLUSTERING, "seed": 2})
    assert other.json()["id"] != uploaded.coclustering_id


def _nan(values: object) -> np.ndarray:
    """A served list with nulls as a float array with nan."""
    return np.array(values, dtype=np.float64)  # None -> nan


def test_trace(alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult) -> None:
    """SPEC 13: a word's trace, the units' half-lives and a unit's curves, as the engine has them."""
    trace = engine.statistics.trace
    assert trace is not None and trace.depth == RECORDING["trace"]
    channel = [str(c) for c in trace.channels].index("1/c")
    curves = trace.unit_curves(channel)
    url = f"/recordings/{uploaded.recording_id}/trace"
    for row in (0, 7, len(trace.word_ids) - 1):
        word = engine.vocab[int(trace.word_ids[row])]
        body = alice.get(url, params={"layer": 1, "state": "c", "word": word}).json()
        assert body["word"] == word and body["depth"] == trace.depth
        assert body["count"] == trace.counts[row].tolist()
        np.testing.assert_allclose(_nan(body["trace"]), trace.trace[channel, row], equal_nan=True, **TOL)
    np.testing.assert_array_equal(_nan(body["half_life"]), curves.half_life)
    unit = 5
    body = alice.get(f"{url}/units/{unit}", params={"layer": 1, "state": "c"}).json()
    assert [w["word"] for w in body["words"]] == engine.words(trace.word_ids[curves.top[unit]])
    np.testing.assert_allclose(_nan(body["mean"]), curves.mean[unit], **TOL)
    assert body["half_life"] == (None if np.isnan(curves.half_life[unit]) else curves.half_life[unit])
    # a word outside the traced top words, a channel without a trace (gates), a unit out of range
    rare = engine.vocab[int(engine.statistics.word_ids[-1])]
    missing = alice.get(url, params={"layer": 1, "state": "c", "word": rare})
    assert missing.status_code == 404 and "top_words" in missing.json()["detail"]
    gate = alice.get(url, params={"layer": 1, "state": "gate_f"})
    assert gate.status_code == 422 and "0/c, 0/h, 1/c, 1/h" in gate.json()["detail"]
    assert alice.get(f"{url}/units/999", params={"layer": 1, "state": "c"}).status_code == 404


def test_chip_half_lives(alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult) -> None:
    """A chip's half-life is the median of its units' (a unit without one counting as longest)."""
    trace = engine.statistics.trace
    assert trace is not None
    units = trace.unit_curves([str(c) for c in trace.channels].index("1/h")).half_life
    co = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    body = alice.get(f"/coclusterings/{uploaded.coclustering_id}/half-lives").json()
    np.testing.assert_array_equal(_nan(body["units"]), units)
    for chip, members in enumerate(co["unit_clusters"]):
        values = sorted(np.where(np.isnan(units[members]), np.inf, units[members]).tolist())
        middle = (
            values[len(values) // 2 - 1 : len(values) // 2 + 1]
            if len(values) % 2 == 0
            else [values[len(values) // 2]]
        )
        expected = None if not values or np.inf in middle else sum(middle) / len(middle)
        assert body["chips"][chip] == expected


def test_trace_exports(
    alice: httpx.Client, uploaded: Uploaded, engine: RecordingResult, tmp_path: Path
) -> None:
    trace = engine.statistics.trace
    assert trace is not None
    url = f"/recordings/{uploaded.recording_id}/export"
    npz = alice.get(url, params={"format": "npz", "layer": 0})
    (tmp_path / "r.npz").write_bytes(npz.content)
    with np.load(tmp_path / "r.npz", allow_pickle=False) as data:
        assert data["trace_states"].tolist() == ["c", "h"] and data["trace_layers"].tolist() == [0, 0]
        assert data["trace_words"].tolist() == engine.words(trace.word_ids)
        np.testing.assert_array_equal(data["trace_counts"], trace.counts)
        names = [str(c) for c in trace.channels]
        for i, name in enumerate(("0/c", "0/h")):
            np.testing.assert_allclose(
                data["trace"][i], trace.trace[names.index(name)], equal_nan=True, **TOL
            )
    document = alice.get(url, params={"format": "json", "layer": 1, "state": "h"}).json()
    assert document["trace"]["depth"] == trace.depth
    [channel] = document["trace"]["channels"]
    assert (channel["layer"], channel["state"]) == (1, "h") and len(channel["words"]) == len(trace.word_ids)
    rows = alice.get(
        url, params={"format": "csv", "table": "trace", "layer": 1, "state": "h"}
    ).text.splitlines()
    assert rows[0] == "layer,state,rank,word,k,count,unit,trace"
    assert len(rows) == 1 + len(trace.word_ids) * (trace.depth + 1) * engine.statistics.mean.shape[2]
