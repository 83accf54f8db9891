"""The checks behind issue 12, each against values worked out by hand (no server)."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import torch

from services.domain.errors import Invalid
from services.domain.users import check_user_name, name_key
from services.models import ModelFormatError
from services.models.loading import read_weights
from services.models.vocabulary import count_tokens, read_vocab
from services.storage.artifacts import ArtifactStore
from services.storage.exports import _coclustering_csv, spreadsheet_safe
from services.user_input import JsonRefused, control_character, parse_json


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("NaN", "NaN is not a JSON number"),
        ('{"a": -Infinity}', "-Infinity is not a JSON number"),
        ("[1e400]", "out of range"),
        ("[" * 100_000 + "]" * 100_000, "nested deeper than 32"),
        ("[" * 33 + "]" * 33, "nested deeper than 32"),
        ('{"n": 9223372036854775808}', "out of range"),
        ("{bad", "not valid JSON"),
    ],
)
def test_json_python_would_take_is_refused(text: str, why: str) -> None:
    with pytest.raises(JsonRefused, match=why):
        parse_json(text)


def test_ordinary_json_passes() -> None:
    assert parse_json('{"a": [1, 2.5, -3e2, "x", null, true]}') == {"a": [1, 2.5, -300.0, "x", None, True]}
    assert parse_json("[" * 32 + "]" * 32) is not None


def test_control_characters() -> None:
    assert control_character("nul\x00") == "U+0000"
    assert control_character("bell\x07") == "U+0007"
    assert control_character("del\x7f") == "U+007F"
    assert control_character("tab\tform\x0cfeed\r\n unit\x1fsep") is None  # whitespace that splits words
    assert control_character("ünïcödé 😀 '=SUM'") is None


@pytest.mark.parametrize(
    "name",
    # Cyrillic а, fullwidth letters, dotless ı, Latin alpha ɑ, small capital ᴀ (the probe's look-alikes)
    [
        "alice",
        "Alice",
        "ALICE",
        "\u0430lice",
        "\uff41\uff4c\uff49\uff43\uff45",
        "al\u0131ce",
        "\u0251lice",
        "\u1d00lice",
    ],
)
def test_look_alike_names_share_a_key(name: str) -> None:
    assert name_key(name) == "alice"


def test_different_names_keep_different_keys() -> None:
    assert len({name_key(n) for n in ["alice", "alicia", "bob", "Анна", "李雷"]}) == 5


@pytest.mark.parametrize(
    "name",
    ["root\u200b", "a\u202eb", "x\u2066y", "tab\tname", "ctl\x01"]
    # default-ignorable: a grapheme joiner, a variation selector, the Hangul fillers
    + ["root\u034f", "root\ufe0f", "alice\u3164", "ali\u1160ce"],
)
def test_invisible_and_bidi_characters_are_refused(name: str) -> None:
    with pytest.raises(Invalid, match="may not hold U\\+"):
        check_user_name(name)


def test_formula_cells_are_neutralised_and_lines_end_alike() -> None:
    words = ['=HYPERLINK("http://x")', "@SUM(1)", "+1", "-x", "\tcmd", "plain", "'s"]
    result = {"words": words, "word_labels": [0] * len(words), "word_strength": [0.5] * len(words)}
    out = io.BytesIO()
    _coclustering_csv(result, out, "words")
    raw = out.getvalue().decode()
    assert "\r" not in raw.replace("'\r", "")
    lines = raw.split("\n")
    assert lines[0] == "rank,word,cluster,strength"
    assert lines[1] == '0,"\'=HYPERLINK(""http://x"")",0,0.5'
    assert [line.split(",")[1] for line in lines[2:7]] == ["'@SUM(1)", "'+1", "'-x", "'\tcmd", "plain"]
    assert lines[7] == "6,'s,0,0.5"
    assert spreadsheet_safe("-1.5") == "'-1.5"  # a word that looks like a number is still a word


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pt"
    torch.save({"encoder.weight": torch.zeros(5_000_000)}, plain)  # 20 MB of zeros
    bomb = tmp_path / "bomb.pt"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ModelFormatError, match="zip bomb"):
        read_weights(bomb)
    # the same tensors re-zipped from random values (which deflate does not shrink) are read
    torch.save({"encoder.weight": torch.randn(100_000)}, plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
    assert read_weights(bomb)["encoder.weight"].shape == (100_000,)


def test_a_vocabulary_over_the_limit_is_refused_by_its_line_count(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("".join(f"w{i}\n" for i in range(1001)))
    with pytest.raises(ModelFormatError, match="more than 1,000 tokens"):
        read_vocab(vocab, 1000)
    assert len(read_vocab(vocab, 1001)) == 1001


def test_token_counts_are_exact_below_the_bound_and_keep_the_frequent_past_it() -> None:
    texts = ["a a a b b c"] * 10 + [f"rare{i}" for i in range(1000)]
    exact = count_tokens(texts, str.split, capacity=10_000)
    assert exact == Counter({"a": 30, "b": 20, "c": 10, **{f"rare{i}": 1 for i in range(1000)}})
    bounded = count_tokens(texts, str.split, capacity=10)
    assert len(bounded) <= 20
    assert bounded.most_common(3) == [("a", 30), ("b", 20), ("c", 10)]


def test_stale_staging_folders_are_swept(tmp_path: Path) -> None:
    store = ArtifactStore(tmp_path)
    old, fresh = store.staging(), store.staging()
    (old / "weights.bin").write_bytes(b"x" * 100)
    (fresh / "weights.bin").write_bytes(b"y")
    # an export's temporary file sits in staging too: a file, not a folder
    old_export, fresh_export = tmp_path / "staging" / "export-a.npz", tmp_path / "staging" / "export-b.npz"
    old_export.write_bytes(b"npz")
    fresh_export.write_bytes(b"npz")
    hour_ago = time.time() - 3600
    for path in (old, old / "weights.bin", old_export):
        os.utime(path, (hour_ago, hour_ago))
    assert store.sweep_staging(older_than_s=600) == 2
    assert not old.exists() and fresh.exists()
    assert not old_export.exists() and fresh_export.exists()


def test_the_gate_rules_come_from_the_schema() -> None:
    from api.app import openapi_document
    from api.gate import rules_from_schema

    rules = rules_from_schema(openapi_document())
    uploads = sorted((r.method, r.path.pattern) for r in rules if r.upload)
    assert uploads == [
        ("POST", "^/api/v1/corpora$"),
        ("POST", "^/api/v1/models$"),
        ("POST", "^/api/v1/models/[^/]+/checkpoints$"),  # a checkpoint uploads as a model does (issue 34)
    ]
    open_ = sorted((r.method, r.path.pattern) for r in rules if not r.needs_token)
    # the sign-in page's two API operations need no token: how it may sign in, and the password
    # sign-in itself (signing out needs one); and the reads through a share link (SPEC 12)
    assert open_ == [
        ("GET", "^/api/v1/session/options$"),
        ("GET", "^/api/v1/shared/[^/]+$"),
        ("GET", "^/api/v1/shared/[^/]+/matrix$"),
        ("GET", "^/api/v1/shared/[^/]+/response$"),
        ("GET", "^/api/v1/shared/[^/]+/units/[^/]+/words$"),
        ("GET", "^/healthz$"),
        ("GET", "^/readyz$"),
        ("POST", "^/api/v1/session$"),
    ]
    recording = next(r for r in rules if r.method == "GET" and r.path.match("/api/v1/recordings/12"))
    assert recording.needs_token and not recording.path.match("/api/v1/recordings/12/x")


def test_a_failed_job_is_told_in_words_never_sql(caplog: pytest.LogCaptureFixture) -> None:
    from sqlalchemy.exc import DataError, NoResultFound

    from services.errors import UserError
    from services.jobs.running import failure_words

    class Driver(Exception):
        def __str__(self) -> str:
            return "integer out of range\nCONTEXT: ..."

    refused = DataError("INSERT INTO word_statistics (word) VALUES (%(word)s)", {"word": "x"}, Driver())
    words = failure_words(refused, "job 1 failed")
    assert words.startswith("the database refused the job's results (integer out of range); internal error ")
    assert "INSERT" not in words and "%(word)s" not in words
    assert "deleted" in failure_words(NoResultFound(), "job 2 failed")
    assert (
        failure_words(UserError("no word was seen at least 5 times"), "job 3")
        == "no word was seen at least 5 times"
    )
    # a bug: never its message (it may hold anything), an id the user can quote, the traceback logged under it
    caplog.clear()
    try:
        raise KeyError("SELECT secret FROM x")
    except KeyError as exc:
        words = failure_words(exc, "job 4 failed")
    error_id = re.fullmatch(
        r"internal error ([0-9a-f]{8}): the server's log has the details under this id", words
    )
    assert error_id is not None, words
    (record,) = [r for r in caplog.records if error_id.group(1) in r.getMessage()]
    assert "job 4 failed" in record.getMessage() and record.exc_info is not None
    assert "secret" not in words


def test_every_operation_has_a_short_unique_id_and_a_tag() -> None:
    """Clients generated from openapi.json name their methods after operation ids (issue 35): the
    route function's name, unique, without the path and method FastAPI would add; and a tag to group
    them. Upload fields are files for the generators that read OpenAPI 3.0: format binary."""
    from api.app import openapi_document

    schema = openapi_document()
    operations = [
        (path, method, op) for path, methods in schema["paths"].items() for method, op in methods.items()
    ]
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z_]{1,40}", i) and "api_v1" not in i for i in ids), ids
    assert all(op.get("tags") for _, _, op in operations)
    upload = schema["components"]["schemas"]["Body_create_model"]["properties"]["weights"]["anyOf"][0]
    assert upload == {"type": "string", "contentMediaType": "application/octet-stream", "format": "binary"}
