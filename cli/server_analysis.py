"""`rnnvis record | cocluster | scan | ablate | evaluate | export`: analysis on a server, through
the Python client."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cli.remote import (
    add_connection,
    add_project,
    add_wait,
    connect,
    emit,
    print_queued,
    print_record,
    print_table,
)
from cli.schema import from_schema
from rnnvis_client.errors import InvalidArgument

EXPORT_FORMATS = ["csv", "json", "npz"]
CO_TABLES = ["units", "words", "edges"]
RECORDING_TABLES = ["words", "trace"]  # a recording's CSV: its statistics, or its trace (SPEC 13)
TIMELINE_TABLES = ["links", "events", "word_paths"]  # a timeline's CSV tables (issue 34)

# The request fields a command sets with a flag of the same name (--top-words sets top_words): the
# flags are made from the API's schema and passed on as the client method's keywords. A flag left
# out is None and not sent: the server's default applies (its /openapi.json lists them).
RECORD_FLAGS = (
    "sequence_mode",
    "segment_length",
    "max_tokens",
    "top_words",
    "gates",
    "seed",
    "tokenizer",
    "shards",
    "lowercase",
    "layers",
    "lags",
    "trace",
)
COCLUSTER_FLAGS = ("layer", "state", "top_words", "min_count", "mode", "seed", "seeds", "consensus")
SCAN_FLAGS = (
    "layer",
    "state",
    "top_words",
    "min_count",
    "mode",
    "k_min",
    "k_max",
    "seeds",
    "seed",
    "consensus",
)
ABLATE_FLAGS = ("method", "controls", "seed", "max_tokens")


def add_parser(commands: argparse._SubParsersAction) -> None:
    rec = commands.add_parser("record", help="record a model over a corpus on the server")
    rec.add_argument("model", type=int, help="model id")
    rec.add_argument("corpus", type=int, help="corpus id")
    _job_flags(rec, "RecordingCreate", RECORD_FLAGS, record)

    co = commands.add_parser("cocluster", help="co-cluster a recording's units and words")
    co.add_argument("recording", type=int, help="recording id")
    co.add_argument(
        "--clusters", dest="n_clusters", required=True, **from_schema("CoclusteringCreate", "n_clusters")
    )
    _job_flags(co, "CoclusteringCreate", COCLUSTER_FLAGS, cocluster, words=True)

    sc = commands.add_parser("scan", help="co-cluster for a range of k and several seeds: which k to use")
    sc.add_argument("recording", type=int, help="recording id")
    _job_flags(sc, "ScanCreate", SCAN_FLAGS, scan_k, words=True)

    ab = commands.add_parser("ablate", help="test a memory chip: freeze its units, beside random controls")
    ab.add_argument("coclustering", type=int, help="co-clustering id")
    ab.add_argument(
        "--cluster",
        dest="unit_cluster",
        type=int,
        required=True,
        help="the memory chip (unit cluster) to ablate",
    )
    ab.add_argument("--corpus", dest="corpus_id", **from_schema("AblationCreate", "corpus_id"))
    _job_flags(ab, "AblationCreate", ABLATE_FLAGS, ablate)

    ev = commands.add_parser("evaluate", help="read a text with a model: predictions and contributions")
    ev.add_argument("model", type=int, help="model id")
    ev.add_argument("text", help="the text to read")
    ev.add_argument("--coclustering", **from_schema("EvaluateRequest", "coclustering_id"))
    ev.add_argument("--output", **from_schema("EvaluateRequest", "output"))
    ev.add_argument("--top", type=int, default=3, help="predictions shown per step")
    add_connection(ev)
    ev.set_defaults(run=evaluate)

    ex = commands.add_parser(
        "export", help="save a recording's statistics, a co-clustering or a timeline as files"
    )
    ex.add_argument("id", help="recording/ID, coclustering/ID or timeline/ID")
    ex.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="the format (docs/exports.md); default the file name's suffix, else csv",
    )
    ex.add_argument(
        "-o",
        "--output",
        default=".",
        help="a folder (default .; out/ is made if missing), a file name, or - for stdout",
    )
    ex.add_argument("--layer", type=int, help="recording: one layer (default all)")
    ex.add_argument("--state", help="recording: one state (default all)")
    ex.add_argument("--top-words", type=int, help="recording: the most frequent words only")
    ex.add_argument("--min-count", type=int, help="recording: words seen at least this often")
    ex.add_argument(
        "--table",
        choices=list(dict.fromkeys(CO_TABLES + RECORDING_TABLES + TIMELINE_TABLES)),
        help="co-clustering or timeline CSV: one table (default all three); recording CSV: words (default) "
        "or trace",
    )
    add_connection(ex)
    ex.set_defaults(run=export)


def _job_flags(
    parser: argparse.ArgumentParser,
    request: str,
    fields: Sequence[str],
    run: Callable[[argparse.Namespace], int],
    words: bool = False,
) -> None:
    """The rest of a command that starts a job: a flag per field of the request body `request` in
    `fields` (its words from the API's schema), the word selection (words=True), --project, --wait
    and --timeout, the server's flags; and the function that runs it."""
    for field in fields:
        parser.add_argument("--" + field.replace("_", "-"), **from_schema(request, field))
    add_project(parser, request)
    if words:
        _word_options(parser, request)
    add_wait(parser)
    add_connection(parser)
    parser.set_defaults(run=run)


def _job_keywords(args: argparse.Namespace, fields: Sequence[str]) -> dict[str, Any]:
    """The client method's keywords from the flags _job_flags made for `fields`, with --project,
    --wait and --timeout."""
    return {field: getattr(args, field) for field in fields} | {
        "project_id": args.project_id,
        "wait": args.wait,
        "timeout": args.timeout,
    }


def _word_options(parser: argparse.ArgumentParser, request: str) -> None:
    parser.add_argument("--word-selection", **from_schema(request, "word_selection"))
    parser.add_argument(
        "--words", help="with --word-selection list: words separated by commas, or @FILE with one per line"
    )


def _chosen_words(args: argparse.Namespace) -> dict[str, Any]:
    """The client method's keywords from the flags _word_options made."""
    return {"word_selection": args.word_selection, "words": _words(args.words)}


def _words(value: str | None) -> list[str] | None:
    if value is None:
        return None
    if value.startswith("@"):
        with open(value[1:], encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]
    return [w.strip() for w in value.split(",") if w.strip()]


def record(args: argparse.Namespace) -> int:
    with connect(args) as api:
        rec = api.record(args.model, args.corpus, **_job_keywords(args, RECORD_FLAGS))
    emit(args, rec, lambda: print_record(rec) if args.wait else print_queued("recording", rec.id, rec.job_id))
    return 0


def cocluster(args: argparse.Namespace) -> int:
    with connect(args) as api:
        co = api.cocluster(
            args.recording, args.n_clusters, **_chosen_words(args), **_job_keywords(args, COCLUSTER_FLAGS)
        )
        chips = api.coclusters(co.id) if args.wait and not args.json else None
    if args.json or chips is None:
        emit(args, co, lambda: print_queued("co-clustering", co.id, co.job_id))
        return 0
    print(f"co-clustering {co.id}: recording {co.recording_id}, layer {co.layer}, state {co.state}")
    q = chips.quality or {}
    if q:
        # the server's verdict (services/clustering/verdict.py), then its numbers
        line = f"structure {q['band']} (noise of this size: modularity about {q['noise_modularity']:.2f}); "
        line += f"modularity {q['modularity']:.3f}; block share {q['block_share']:.2f}"
        line += f" (random labels {q['block_share_random']:.2f})"
        if chips.stability:
            line += f"; stability units {chips.stability['units']:.2f}, words {chips.stability['words']:.2f}"
            line += "" if chips.stability["stable"] else " (the chips change from seed to seed)"
            agreement = chips.stability.get("consensus_agreement")
            if agreement:  # SPEC 9's consensus: its agreement with the next seeds' consensus
                line += f"; consensus agrees with the next seeds' at units {agreement['units']:.2f}"
                line += f", words {agreement['words']:.2f}"
        print(line)
    rows = [
        {
            "cluster": i,
            "units": len(chips.units(i)),
            "words": len(chips.cloud(i)),
            "modularity": f"{q['cluster_modularity'][i]:.3f}" if q else "-",
            "strongest words": ", ".join(chips.cloud(i, 8)),
        }
        for i in range(chips.n_clusters)
    ]
    print_table(rows, ["cluster", "units", "words", "modularity", "strongest words"])
    return 0


def ablate(args: argparse.Namespace) -> int:
    with connect(args) as api:
        found = api.ablate(
            args.coclustering,
            args.unit_cluster,
            corpus_id=args.corpus_id,
            **_job_keywords(args, ABLATE_FLAGS),
        )
        chips = api.coclusters(args.coclustering) if args.wait and not args.json else None
    if args.json or chips is None or found.loss is None:
        emit(args, found, lambda: print_queued("ablation", found.id, found.job_id))
        return 0
    loss = found.loss
    print(
        f"ablation {found.id}: chip {found.unit_cluster} ({len(found.units)} units) {found.method}; "
        f"loss {loss.unablated:.4f} -> {loss.ablated:.4f} nats (controls "
        + ", ".join(f"{c:.4f}" for c in loss.controls)
        + ")"
    )

    def number(values: list[float | None] | None, i: int, fmt: str) -> str:
        value = values[i] if values else None
        return "-" if value is None else format(value, fmt)

    rows = [
        {
            "cloud": i,
            "delta": number(found.delta_loss, i, "+.4f"),
            "control": number(found.control_delta_loss_mean, i, "+.4f")
            + " ± "
            + number(found.control_delta_loss_std, i, ".4f"),
            "z": number(found.z, i, "+.1f"),
            "words": ", ".join(chips.cloud(i, 6)),
        }
        for i in range(chips.n_clusters)
    ]
    print_table(rows, ["cloud", "delta", "control", "z", "words"])
    hurt = ", ".join(f"{w.word} {w.delta:+.3f}" for w in (found.most_hurt or [])[:8])
    print(f"most hurt: {hurt}")
    return 0


def scan_k(args: argparse.Namespace) -> int:
    with connect(args) as api:
        found = api.scan_k(args.recording, **_chosen_words(args), **_job_keywords(args, SCAN_FLAGS))
    if args.json or not args.wait:
        emit(args, found, lambda: print_queued("scan", found.id, found.job_id))
        return 0
    rows = [
        {
            "k": r.k,
            "modularity": f"{r.modularity_mean:.3f} ± {r.modularity_std:.3f}",
            "stability units": "-" if r.stability_units is None else f"{r.stability_units:.2f}",
            "stability words": "-" if r.stability_words is None else f"{r.stability_words:.2f}",
            "": "← suggested" if r.k == found.suggested_k else "",
        }
        for r in found.results or []
    ]
    print(f"scan {found.id}: {found.words} words, k {found.k_min}..{found.k_max}, {found.seeds} seeds")
    print_table(rows, ["k", "modularity", "stability units", "stability words", ""])
    print(f"suggested k: {found.suggested_k}")
    return 0


def evaluate(args: argparse.Namespace) -> int:
    with connect(args) as api:
        result = api.evaluate(args.model, args.text, coclustering_id=args.coclustering, output=args.output)
    if args.json:
        emit(args, result.raw, lambda: None)
        return 0
    rows = []
    shares = result.contributions
    for t, token in enumerate(result.tokens):
        best = ", ".join(f"{name} {p:.3f}" for name, p in result.predictions[t][: args.top])
        row: dict[str, Any] = {"step": t, "token": token, "predictions": best}
        if shares is not None:
            row["contribution"] = float(shares[t])
        rows.append(row)
    print_table(rows, ["step", "token", "predictions", *(["contribution"] if shares is not None else [])])
    if shares is None:
        print(f"no decomposition: {result.decomposition_note}")
    else:
        print(
            f"output {result.output} ({result.label}): logit {result.logit:.4f} = bias {result.bias:.4f}"
            f" + the steps' contributions {float(shares.sum()):.4f}"
        )
    if result.glyphs is not None:
        _print_glyphs(result.tokens, result.glyphs)
    return 0


def _print_glyphs(tokens: list[str], glyphs: dict[str, Any]) -> None:
    """A row per step, a column per memory chip: its positive and negative state (SPEC 5, per unit of
    the chip) and the share of the previous state it kept."""
    positive, negative, kept = (glyphs[name] for name in ("positive", "negative", "preserved"))
    chips = [c for c in range(len(positive)) if any(positive[c]) or any(negative[c])]
    rows = [
        {"step": t, "token": token}
        | {f"chip {c}": f"{positive[c][t]:+.2f} {negative[c][t]:+.2f} {kept[c][t]:.0%}" for c in chips}
        for t, token in enumerate(tokens)
    ]
    print("\nmemory chips per step: positive state, negative state (per unit), share of the last state kept")
    print_table(rows, ["step", "token", *(f"chip {c}" for c in chips)])


def parse_target(text: str) -> tuple[str, int]:
    """'recording/3', 'coclustering/5' or 'timeline/2' (plurals too) -> (kind, id)."""
    match = re.fullmatch(r"(recordings?|coclusterings?|timelines?)/(\d+)", text.strip())
    if match is None:
        raise InvalidArgument(
            f"say what to export as recording/ID, coclustering/ID or timeline/ID, not {text!r}"
        )
    return match.group(1).rstrip("s"), int(match.group(2))


def export(args: argparse.Namespace) -> int:
    from rnnvis_client.connection import names_a_folder

    kind, record_id = parse_target(args.id)
    to_stdout = args.output == "-"
    suffix = Path(args.output).suffix.lstrip(".").lower()
    args.format = args.format or (suffix if suffix in EXPORT_FORMATS else "csv")
    allowed = {"recording": RECORDING_TABLES, "coclustering": CO_TABLES, "timeline": TIMELINE_TABLES}[kind]
    tables = [args.table] if args.table else allowed
    if args.table and args.table not in allowed:
        raise InvalidArgument(f"a {kind}'s --table is one of {', '.join(allowed)}")
    if to_stdout and kind != "recording" and args.format == "csv" and len(tables) > 1:
        raise InvalidArgument(f"a {kind}'s CSV is three tables: pick one with --table to write to stdout")
    if kind == "timeline" and args.format == "npz":
        raise InvalidArgument("a timeline exports as csv or json")
    target: str | None = None if to_stdout else args.output  # a str: `out/` keeps its trailing slash
    folder = target is not None and names_a_folder(target)
    if target is not None and not folder and not Path(target).parent.is_dir():
        raise FileNotFoundError(f"no such folder: {Path(target).parent} (end the path with / to make it)")
    saved = []
    with connect(args) as api:
        if kind == "recording":
            saved.append(
                api.export_recording(
                    record_id,
                    target,
                    format=args.format,
                    layer=args.layer,
                    state=args.state,
                    top_words=args.top_words,
                    min_count=args.min_count,
                    table=args.table,
                )
            )
        elif args.format == "csv":
            write = api.export_coclustering if kind == "coclustering" else api.export_timeline
            for table in tables:
                where = target if target is None or folder else _suffixed(Path(target), table, len(tables))
                saved.append(write(record_id, where, format="csv", table=table))
        elif kind == "timeline":
            saved.append(api.export_timeline(record_id, target, format=args.format))
        else:
            saved.append(api.export_coclustering(record_id, target, format=args.format))
    if to_stdout:
        data = saved[0]
        assert isinstance(data, bytes)
        sys.stdout.buffer.write(data)
        return 0
    emit(args, {"files": [str(p) for p in saved]}, lambda: print("\n".join(f"saved {p!s}" for p in saved)))
    return 0


def _suffixed(path: Path, table: str, count: int) -> Path:
    """out.csv -> out-words.csv when several tables go to one named file."""
    return path if count == 1 else path.with_name(f"{path.stem}-{table}{path.suffix or '.csv'}")
