"""SPEC 2: formats, tokenizers, <eos>/<unk> rules, sequence modes, streaming."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.corpora import CorpusFormatError, SequenceSource, TokenEncoder, get_tokenizer, iter_records


def test_tokenizers() -> None:
    assert get_tokenizer("whitespace")("The cat  sat.\n") == ["The", "cat", "sat."]
    assert get_tokenizer("words")("It's GREAT, isn't it?!") == ["it's", "great", ",", "isn't", "it", "?", "!"]
    assert get_tokenizer("chars")("ab c") == ["a", "b", " ", "c"]
    assert get_tokenizer("whitespace", lowercase=True)("A b") == ["a", "b"]


def test_eos_and_unk_rules() -> None:
    with_both = TokenEncoder(["<unk>", "<eos>", "a", "b"])
    assert with_both.encode("a x b") == ([2, 0, 3, 1], 1, 0)
    without = TokenEncoder(["a", "b"])
    assert without.encode("a x y b") == ([0, 1], 0, 2)


def test_labeled_tsv_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("pos\tgood film\n\nneg\tbad one\n")
    (tmp_path / "b.jsonl").write_text('{"text": "good film", "label": "pos"}\n{"text": "bad", "label": 0}\n')
    assert [(r.label, r.text) for r in iter_records(tmp_path / "a.tsv", "labeled")] == [
        ("pos", "good film"),
        ("neg", "bad one"),
    ]
    assert [(r.label, r.text) for r in iter_records(tmp_path / "b.jsonl", "labeled")] == [
        ("pos", "good film"),
        ("0", "bad"),
    ]


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (b"ok line\n\xff\xfe bad\n", "text", "line 2 is not UTF-8"),
        (b"no tab here\n", "labeled", "line 1: expected 'label<TAB>text'"),
        (b'{"text": "a"}\n', "labeled", "line 1: expected an object"),
        (b'{"text": \n', "labeled", "line 1: not valid JSON"),
    ],
)
def test_bad_corpora_name_the_line(tmp_path: Path, content: bytes, fmt: str, message: str) -> None:
    (tmp_path / "c").write_bytes(content)
    with pytest.raises(CorpusFormatError, match=message):
        list(iter_records(tmp_path / "c", fmt))


def test_stream_mode_segments_and_max_tokens(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("a b c\nd e\n\nf g h i\n")
    vocab = ["<eos>", "a", "b", "c", "d", "e", "f", "g", "h", "i"]
    enc = TokenEncoder(vocab)
    stream = SequenceSource(tmp_path / "c.txt", enc, sequence_mode="stream", segment_length=4)
    assert [s.ids.tolist() for s in stream] == [[1, 2, 3, 0], [4, 5, 0, 6], [7, 8, 9, 0]]
    lines = SequenceSource(tmp_path / "c.txt", enc, max_tokens=7)
    assert [s.ids.tolist() for s in lines] == [[1, 2, 3, 0], [4, 5, 0]]
    scan = SequenceSource(tmp_path / "c.txt", enc).scan()
    assert (scan.num_sequences, scan.tokens, int(scan.word_counts[0])) == (3, 12, 3)


def test_empty_corpus_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("\n\n  \nzzz\n")
    source = SequenceSource(tmp_path / "c.txt", TokenEncoder(["a"]))
    with pytest.raises(CorpusFormatError, match="no tokens"):
        source.scan()


def test_ptb_counts(shared_data: Path, ptb_vocab: list[str]) -> None:
    scan = SequenceSource(shared_data / "ptb.valid.txt", TokenEncoder(ptb_vocab)).scan()
    assert scan.tokens == 73760  # as the data README says, with <eos>
    assert scan.unk_tokens == 0 and scan.dropped_tokens == 0


def test_scan_checks_the_stored_checksum_in_the_same_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from services.corpora import reading
    from services.corpora.reading import CorpusChanged
    from services.recording import RecordingOptions, record
    from tests.conftest import random_model

    path = tmp_path / "corpus.txt"
    path.write_text("".join(f"a b c a line {i}\n" for i in range(200)))
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    encoder = TokenEncoder(["<unk>", "<eos>", "a", "b", "c", "line"])
    # a scan that stops early (max_tokens) still digests the whole file
    assert SequenceSource(path, encoder, max_tokens=7, sha256=sha256).scan().tokens == 7
    assert SequenceSource(path, encoder, sequence_mode="stream", segment_length=5, sha256=sha256).scan()

    opened: list[Path] = []
    real = reading._iter_lines

    def counted(p: Path, digest: object = None, start: object = None) -> object:
        opened.append(p)
        return real(p, digest, start)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "_iter_lines", counted)
    model = random_model(["<unk>", "<eos>", "a", "b", "c", "line"], layers=1, hidden=4)
    record(model, path, options=RecordingOptions(top_words=3), corpus_sha256=sha256)
    assert len(opened) == 2  # one pass counts and checks, one records: never a third read

    path.write_text(path.read_text().replace("line 7\n", "line 8\n"))
    with pytest.raises(CorpusChanged, match="has changed since upload"):
        SequenceSource(path, encoder, sha256=sha256).scan()
    with pytest.raises(CorpusChanged):
        record(model, path, options=RecordingOptions(top_words=3), corpus_sha256=sha256)
