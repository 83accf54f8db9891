"""The Python client against the live service: uploads from objects and files, jobs, numbers, errors.

Numbers are checked against tests/service/tiny.py, which works the statistics out with plain torch
and numpy on the side.
"""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import pytest

import rnnvis_client.connection
from rnnvis_client import (
    BadRequest,
    Client,
    Conflict,
    ConnectionFailed,
    JobCancelled,
    NotFound,
    RecordingStatistics,
    Unauthorized,
    WaitTimeout,
)
from rnnvis_client.endpoints import ENDPOINTS
from tests.service.stack import RunningService
from tests.service.tiny import QUANTILES, VOCAB, TinyLM, WordStats, corpus_lines, layer_states, reference

F32 = {"rtol": 1e-4, "atol": 1e-6}  # the server keeps float32
TOP_WORDS = 5


@pytest.fixture(scope="module")
def carol(service: RunningService) -> Iterator[Client]:
    with Client(service.url, service.create_user("py-carol"), progress=False) as api:
        yield api


@pytest.fixture(scope="module")
def dave(service: RunningService) -> Iterator[Client]:
    with Client(service.url, service.create_user("py-dave"), progress=False) as api:
        yield api


@dataclass(frozen=True)
class Tiny:
    net: TinyLM
    lines: list[str]
    model_id: int
    corpus_id: int
    recording_id: int
    coclustering_id: int


@pytest.fixture(scope="module")
def tiny(carol: Client) -> Tiny:
    """A torch module and a list of lines uploaded as objects, recorded and co-clustered."""
    net, lines = TinyLM(), corpus_lines()
    model = carol.upload_model("tiny-gru", net, VOCAB)
    corpus = carol.upload_corpus("tiny-lines", lines)
    rec = carol.record(model.id, corpus.id, top_words=TOP_WORDS, wait=True, timeout=120)
    assert rec.status == "succeeded"
    co = carol.cocluster(rec.id, 2, top_words=len(VOCAB), min_count=1, seed=2, wait=True, timeout=120)
    assert co.status == "succeeded"
    return Tiny(net, lines, model.id, corpus.id, rec.id, co.id)


def test_every_route_has_a_method(service: RunningService) -> None:
    schema = httpx.get(f"{service.url}/openapi.json").json()
    routes = {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}
    assert routes == set(ENDPOINTS)
    for name in ENDPOINTS.values():
        assert callable(getattr(Client, name, None)), name


def test_uploads_from_objects(carol: Client, tiny: Tiny) -> None:
    model = carol.model(tiny.model_id)
    assert (model.cell, model.num_layers, model.hidden_size, model.embedding_size, model.vocab_size) == (
        "gru",
        2,
        5,
        4,
        len(VOCAB),
    )
    assert model.task == "language_model"
    corpus = carol.corpus(tiny.corpus_id)
    assert corpus.format == "text" and corpus.num_sequences == len(tiny.lines)
    assert corpus.num_tokens == sum(len(line.split()) for line in tiny.lines)
    labeled = carol.upload_corpus("pairs", [("pos", "a fine\tfilm"), ("neg", "a dull\nfilm")])
    assert labeled.format == "labeled" and sorted(labeled.labels or []) == ["neg", "pos"]
    assert labeled.num_sequences == 2


def test_uploads_from_files(carol: Client, model_dir: Path, tmp_path: Path) -> None:
    model = carol.upload_model("from-files", model_dir / "model.safetensors", model_dir / "vocab.txt")
    assert (model.cell, model.num_layers, model.hidden_size) == ("lstm", 2, 24)
    text = tmp_path / "lines.txt"
    text.write_text("the cat sat\non a mat\n")
    assert carol.upload_corpus("file", text).num_sequences == 2
    tsv = tmp_path / "reviews.tsv"
    tsv.write_text("fresh\ta fine film\nrotten\ta dull film\n")
    assert carol.upload_corpus("tsv", tsv).format == "labeled"


def _check(stats: WordStats, count: int, mean: np.ndarray, std: np.ndarray) -> None:
    assert count == stats.count
    np.testing.assert_allclose(mean, stats.mean, **F32)
    np.testing.assert_allclose(std, stats.std, **F32)


@pytest.mark.parametrize("layer", [0, 1])
def test_statistics_equal_plain_torch(carol: Client, tiny: Tiny, layer: int) -> None:
    expected = reference(tiny.net, tiny.lines, layer)
    stats = carol.statistics(tiny.recording_id)
    c = stats.channel(layer, "h")
    assert sorted(stats.words.tolist()) == sorted(expected)
    counts = [expected[w].count for w in stats.words]
    assert counts == sorted(counts, reverse=True)  # words come by frequency
    for i, word in enumerate(stats.words.tolist()):
        _check(expected[word], int(stats.counts[i]), stats.mean[c, i], stats.std[c, i])
    assert stats.quantile_words.tolist() == list(range(TOP_WORDS))
    for j, i in enumerate(stats.quantile_words):
        np.testing.assert_allclose(stats.quantiles[c, j], expected[stats.words[i]].quantiles, **F32)
    assert stats.meta["id"] == tiny.recording_id and stats.meta["tokens"] == sum(
        e.count for e in expected.values()
    )

    one = carol.response(tiny.recording_id, "cat", layer=layer)
    _check(expected["cat"], one.count, one.mean, one.std)
    frame = stats.to_frame(layer)
    assert len(frame) == len(stats.words) * 5 and list(frame.columns[-5:]) == [f"q{q}" for q in QUANTILES]


def test_csv_and_json_exports_equal_plain_torch(carol: Client, tiny: Tiny) -> None:
    expected = {layer: reference(tiny.net, tiny.lines, layer) for layer in (0, 1)}
    data = carol.export_recording(tiny.recording_id, format="csv")
    assert isinstance(data, bytes)
    table = pd.read_csv(io.BytesIO(data))
    assert list(table.columns) == ["layer", "state", "rank", "word", "count", "unit", "mean", "std"] + [
        f"q{q}" for q in QUANTILES
    ]
    assert len(table) == 2 * len(VOCAB) * 5
    for (layer, word), rows in table.groupby(["layer", "word"]):
        rows = rows.sort_values("unit")
        _check(
            expected[int(layer)][str(word)],
            int(rows["count"].iloc[0]),
            rows["mean"].values,
            rows["std"].values,
        )
        has_q = int(rows["rank"].iloc[0]) < TOP_WORDS
        assert rows["q50"].notna().all() == has_q
        if has_q:
            np.testing.assert_allclose(
                rows["q25"].values, expected[int(layer)][str(word)].quantiles[1], **F32
            )

    body = json.loads(carol.export_recording(tiny.recording_id, format="json", layer=1))  # type: ignore[arg-type]
    assert body["quantile_levels"] == list(QUANTILES) and body["recording"]["id"] == tiny.recording_id
    [channel] = body["channels"]
    assert (channel["layer"], channel["state"]) == (1, "h")
    for row in channel["words"]:
        _check(expected[1][row["word"]], row["count"], np.array(row["mean"]), np.array(row["std"]))
        assert (row["quantiles"] is not None) == (row["rank"] < TOP_WORDS)

    top = pd.read_csv(io.BytesIO(carol.export_recording(tiny.recording_id, layer=0, top_words=2)))  # type: ignore[arg-type]
    assert set(top["rank"]) == {0, 1} and set(top["layer"]) == {0}


def test_export_to_a_folder_keeps_the_servers_name(
    service: RunningService, carol: Client, tiny: Tiny, tmp_path: Path
) -> None:
    path = carol.export_recording(tiny.recording_id, tmp_path, format="npz")
    assert path == tmp_path / f"recording-{tiny.recording_id}.npz"
    made = carol.export_recording(tiny.recording_id, f"{tmp_path}/new/", format="npz")  # a folder, made
    assert made == tmp_path / "new" / f"recording-{tiny.recording_id}.npz" and made.is_file()
    assert RecordingStatistics.load(path).mean.shape == (2, len(VOCAB), 5)
    named = carol.export_coclustering(tiny.coclustering_id, tmp_path / "co.json")
    assert named == tmp_path / "co.json" and json.loads(named.read_text())["id"] == tiny.coclustering_id
    assert not list(tmp_path.glob("*.part"))
    # a client that leaves mid-download leaves nothing behind on the server
    with httpx.stream(
        "GET",
        f"{service.url}/api/v1/recordings/{tiny.recording_id}/export",
        headers={"Authorization": f"Bearer {carol.token}"},
    ) as response:
        assert int(response.headers["content-length"]) > 0
        next(response.iter_raw(64))
    assert not list((service.data_dir / "artifacts" / "staging").glob("export-*"))


def test_coclustering_results_and_exports_agree(carol: Client, tiny: Tiny) -> None:
    chips = carol.coclusters(tiny.coclustering_id)
    served = carol.coclustering(tiny.coclustering_id)
    assert chips.words == served.words and chips.unit_labels.tolist() == served.unit_labels
    assert chips.edges.shape == (2, 2)
    assert sorted(w for k in range(2) for w in chips.cloud(k)) == sorted(chips.words)
    assert sum(len(chips.units(k)) for k in range(2)) == 5 - len(chips.dropped_units)

    as_json = json.loads(carol.export_coclustering(tiny.coclustering_id))  # type: ignore[arg-type]
    assert as_json == served.model_dump(mode="json")
    with np.load(
        io.BytesIO(carol.export_coclustering(tiny.coclustering_id, format="npz")), allow_pickle=False
    ) as npz:  # type: ignore[arg-type]
        np.testing.assert_array_equal(npz["unit_labels"], chips.unit_labels)
        np.testing.assert_array_equal(npz["words"], chips.words)
        np.testing.assert_allclose(npz["edges"], chips.edges)
        assert json.loads(str(npz["meta"]))["n_clusters"] == 2

    def table(name: str) -> pd.DataFrame:
        data = carol.export_coclustering(tiny.coclustering_id, format="csv", table=name)
        return pd.read_csv(io.BytesIO(data))  # type: ignore[arg-type]

    units, words, edges = table("units"), table("words"), table("edges")
    assert units["cluster"].tolist() == chips.unit_labels.tolist()
    assert words["word"].tolist() == chips.words
    np.testing.assert_allclose(words["strength"], chips.word_strength, rtol=1e-8)
    np.testing.assert_allclose(
        edges.pivot(index="word_cluster", columns="unit_cluster", values="weight").values,
        chips.edges,
        rtol=1e-8,
    )


def test_an_exported_edge_is_the_mean_over_the_clusters_it_names(carol: Client, tiny: Tiny) -> None:
    """Each edge, as the CSV and the client's frame name it, against the signed E[dh | word] worked
    out with plain torch over that word cluster's words and that unit cluster's units."""
    served = carol.coclustering(tiny.coclustering_id)
    expected = reference(tiny.net, tiny.lines, served.layer)
    data = carol.export_coclustering(tiny.coclustering_id, format="csv", table="edges")
    edges = pd.read_csv(io.BytesIO(data))  # type: ignore[arg-type]
    assert list(edges.columns) == ["word_cluster", "unit_cluster", "weight"]
    frame = carol.coclusters(tiny.coclustering_id).edges_frame()
    assert (frame.index.name, frame.columns.name) == ("word_cluster", "unit_cluster")
    signed = {word: expected[word].mean for word in served.words or []}
    differ = 0
    for row in edges.itertuples():
        words = [
            w
            for w, c in zip(served.words or [], served.word_labels or [], strict=True)
            if c == row.word_cluster
        ]
        units = [u for u, c in enumerate(served.unit_labels or []) if c == row.unit_cluster]
        mean = float(np.mean([signed[w][units] for w in words])) if words and units else 0.0
        assert row.weight == pytest.approx(mean, rel=1e-4, abs=1e-7), (row.word_cluster, row.unit_cluster)
        assert frame.loc[row.word_cluster, row.unit_cluster] == pytest.approx(row.weight)
        differ += (
            abs(
                row.weight
                - edges.set_index(["word_cluster", "unit_cluster"]).weight[row.unit_cluster, row.word_cluster]
            )
            > 1e-6
        )
    assert differ > 0  # the matrix is not symmetric, so a swapped label would fail above


def test_matrix_unit_words_and_evaluation(carol: Client, tiny: Tiny) -> None:
    expected = reference(tiny.net, tiny.lines, 1)
    matrix = carol.matrix(tiny.recording_id, layer=1, top_words=3)
    frame = matrix.to_frame()
    assert frame.shape == (3, 5) and frame.index.name == "word"
    for word in matrix.words:
        np.testing.assert_allclose(frame.loc[word].values, expected[word].mean, **F32)

    salient = carol.unit_words(tiny.recording_id, 2, layer=1, k=2)
    by_unit = sorted(expected, key=lambda w: expected[w].mean[2])
    positive = salient[salient["sign"] == "+"]["word"].tolist()
    assert positive == [w for w in reversed(by_unit) if expected[w].mean[2] > 0][:2]

    text = "the cat sat on a mat"
    result = carol.evaluate(tiny.model_id, text, coclustering_id=tiny.coclustering_id)
    assert result.tokens == text.split()
    states = layer_states(tiny.net, [VOCAB.index(w) for w in text.split()])
    for layer in (0, 1):
        np.testing.assert_allclose(result.states[(layer, "h")], states[layer], rtol=1e-4, atol=1e-6)
    assert result.logit == pytest.approx(result.bias + result.contributions.sum(), abs=1e-6)
    assert result.glyphs is not None
    predictions = result.predictions_frame()
    assert set(predictions["step"]) == set(range(6))


def test_lists_follow_pages(carol: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        carol.upload_corpus(f"page-{i}", ["one line"])
    everything = carol.corpora()
    monkeypatch.setattr(rnnvis_client.connection, "PAGE_SIZE", 2)
    assert [c.id for c in carol.corpora()] == [c.id for c in everything]
    assert [c.id for c in carol.corpora(limit=3)] == [c.id for c in everything[:3]]


def test_errors_are_clear_exceptions(
    service: RunningService, carol: Client, dave: Client, tiny: Tiny
) -> None:
    with pytest.raises(NotFound, match=f"model {tiny.model_id} not found"):
        dave.model(tiny.model_id)
    with pytest.raises(BadRequest, match="vocab"):
        carol.upload_model("short vocab", TinyLM(), VOCAB[:-1])
    renamed = {k.replace("encoder", "embedding"): v for k, v in TinyLM().state_dict().items()}
    with pytest.raises(BadRequest, match="encoder.weight"):
        carol.upload_model("wrong layout", renamed, VOCAB)
    with pytest.raises(BadRequest) as field_error:
        carol.cocluster(tiny.recording_id, 1)
    assert "n_clusters" in str(field_error.value) and field_error.value.status_code == 422
    with pytest.raises(FileNotFoundError):
        carol.upload_corpus("missing", Path("/nonexistent/corpus.txt"))
    with Client(service.url, "rnv_not-a-token") as stranger, pytest.raises(Unauthorized):
        stranger.me()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens there once the socket closes
    with (
        Client(f"http://127.0.0.1:{closed}", "x") as nowhere,
        pytest.raises(ConnectionFailed, match="cannot reach"),
    ):
        nowhere.models()


def test_waiting_times_out_and_a_cancelled_job_raises(
    carol: Client, model_dir: Path, ptb_lines: Path, tmp_path: Path
) -> None:
    model = carol.upload_model("long", model_dir / "model.safetensors", model_dir / "vocab.txt")
    long = tmp_path / "long.txt"  # about 20 times the test corpus: it runs for seconds, not a moment
    long.write_text(ptb_lines.read_text() * 20)
    corpus = carol.upload_corpus("long", long)
    rec = carol.record(model.id, corpus.id, gates=True)
    assert rec.status in ("queued", "running")
    with pytest.raises(Conflict, match="not finished"):
        carol.export_recording(rec.id)
    with pytest.raises(WaitTimeout):
        carol.wait(rec.job_id, timeout=0.05)
    carol.cancel_job(rec.job_id)
    with pytest.raises(JobCancelled) as cancelled:
        carol.wait(rec)
    assert cancelled.value.job.status == "cancelled"
    assert carol.job(rec.job_id).status == "cancelled"
