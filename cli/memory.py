"""`rnnvis trace | patch | attribute`: memory over time and cause (SPEC 13) on a server, through the
Python client: how long words stay in memory, patching a chip's state from another text, and which
earlier words a chip's value at a step comes from."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from cli.remote import add_connection, connect, emit, print_table
from cli.schema import from_query, from_schema

# the request fields a flag of the same name sets (--n-steps sets n_steps); left out: the server's default
PATCH_FLAGS = ("layer", "state", "steps", "output", "controls", "seed")
WORDS_TOO = {"output"}  # fields that take an index or a name: "--output are" or "--output 42"
ATTRIBUTE_FLAGS = ("layer", "state", "step", "n_steps")
TRACE = "/api/v1/recordings/{recording_id}/trace"


def add_parser(commands: argparse._SubParsersAction) -> None:
    tr = commands.add_parser("trace", help="how long words stay in a recording's memory: half-lives, traces")
    tr.add_argument("recording", type=int, help="recording id (recorded with --trace)")
    tr.add_argument("--word", **from_query(TRACE, "word"))
    tr.add_argument("--unit", type=int, help="one unit: its half-life and its top words' trace")
    tr.add_argument("--layer", **from_query(TRACE, "layer"))
    tr.add_argument("--state", **from_query(TRACE, "state"))
    tr.add_argument("--top", type=int, default=8, help="units shown (those holding longest or most)")
    add_connection(tr)
    tr.set_defaults(run=trace)

    pa = commands.add_parser("patch", help="read a text with a chip's state taken from another text")
    pa.add_argument("model", type=int, help="model id")
    pa.add_argument("--source", dest="source_text", required=True, help="the text whose state is patched in")
    pa.add_argument("--target", dest="target_text", required=True, help="the text read, patched")
    _unit_flags(pa, "PatchRequest", PATCH_FLAGS)
    pa.set_defaults(run=patch)

    at = commands.add_parser("attribute", help="which earlier words a chip's value at a step comes from")
    at.add_argument("model", type=int, help="model id")
    at.add_argument("text", help="the text read")
    _unit_flags(at, "AttributeRequest", ATTRIBUTE_FLAGS)
    at.set_defaults(run=attribute)


def _unit_flags(parser: argparse.ArgumentParser, request: str, fields: tuple[str, ...]) -> None:
    """--units or --coclustering and --chip, then a flag per request field (words from the schema)."""
    parser.add_argument("--units", **from_schema(request, "units"))
    parser.add_argument("--coclustering", dest="coclustering_id", **from_schema(request, "coclustering_id"))
    parser.add_argument("--chip", dest="unit_cluster", **from_schema(request, "unit_cluster"))
    for field in fields:
        flag = from_schema(request, field)
        if field in WORDS_TOO:
            flag["type"] = _index_or_name
        parser.add_argument("--" + field.replace("_", "-"), **flag)
    add_connection(parser)


def _index_or_name(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _keywords(args: argparse.Namespace, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(args, f) for f in ("units", "coclustering_id", "unit_cluster", *fields)}


def _value(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:.4g}"


def trace(args: argparse.Namespace) -> int:
    with connect(args) as api:
        if args.unit is not None:
            unit = api.unit_trace(args.recording, args.unit, layer=args.layer, state=args.state)
            data: Any = {"unit": unit.unit, "half_life": unit.half_life, "mean": unit.mean.tolist()}
            data["words"] = {w: unit.curves[w].tolist() for w in unit.curves.columns}

            def show_unit() -> None:
                held = f"{unit.half_life:g} steps" if unit.half_life is not None else f"> {unit.depth} steps"
                print(f"unit {unit.unit} ({unit.layer}/{unit.state}): half-life {held}")
                frame = unit.curves.copy()
                frame.insert(0, "mean |trace|", unit.mean)
                print(frame.round(4).to_string())

            emit(args, data, show_unit)
            return 0
        found = api.trace(args.recording, word=args.word, layer=args.layer, state=args.state)
    half = found.half_life
    if found.trace is not None:
        assert found.count is not None
        order = np.argsort(-np.abs(found.trace[0]), kind="stable")[: args.top]  # units the word sets most
        rows = [
            {"k": k, "count": int(found.count[k]), **{f"unit {u}": _value(found.trace[k, u]) for u in order}}
            for k in range(found.depth + 1)
        ]
        emit(args, {"word": found.word, "count": found.count.tolist(), "trace": found.trace.tolist()},
             lambda: print_table(rows, list(rows[0])))  # fmt: skip
        return 0
    longest = np.argsort(np.where(np.isnan(half), np.inf, half), kind="stable")[::-1][: args.top]
    values, counts = np.unique(np.where(np.isnan(half), -1, half), return_counts=True)

    def show() -> None:
        print(f"{found.layer}/{found.state}: trace of {found.depth} steps, {len(half)} units")
        for value, count in zip(values, counts, strict=True):
            label = f"longer than {found.depth}" if value < 0 else f"{value:g}"
            print(f"  half-life {label:>16}: {count} units")
        print("holding longest: " + ", ".join(f"unit {u} ({_value(float(half[u]))})" for u in longest))

    emit(args, {"half_life": [None if np.isnan(h) else float(h) for h in half]}, show)
    return 0


def patch(args: argparse.Namespace) -> int:
    with connect(args) as api:
        result = api.patch(args.model, args.source_text, args.target_text, **_keywords(args, PATCH_FLAGS))

    def show() -> None:
        r, c = result, result.controls
        chip = (
            f"chip {r.unit_cluster} of co-clustering {r.coclustering_id}, "
            if r.unit_cluster is not None
            else ""
        )
        print(
            f"patched {chip}{len(r.units)} units of {r.layer}/{r.state} at steps {r.steps} "
            f"(offset {r.offset})"
        )
        print(f"output {r.output} ({r.label!r}, {r.output_chosen})")
        print(f"  before: logit {r.before.logit:.4f}  p {r.before.probability:.4f}")
        print(f"  after:  logit {r.after.logit:.4f}  p {r.after.probability:.4f}")
        print(f"  change: logit {r.delta_logit:+.4f}  p {r.delta_probability:+.4f}")
        print(
            f"{len(c.delta_logit)} random unit sets: Δlogit mean {_value(c.mean.logit)} "
            f"std {_value(c.std.logit)};"
            f" z of the patch {_value(c.z.logit)} (Δp z {_value(c.z.probability)})"
        )

    emit(args, result, show)
    return 0


def attribute(args: argparse.Namespace) -> int:
    with connect(args) as api:
        result = api.attribute(args.model, args.text, **_keywords(args, ATTRIBUTE_FLAGS))

    def show() -> None:
        r = result
        rows = [{"step": t, "token": r.tokens[t], "attribution": a} for t, a in enumerate(r.attributions)]
        print_table(rows, ["step", "token", "attribution"])
        print(
            f"{len(r.units)} units of {r.layer}/{r.state} at step {r.step} ({r.tokens[r.step]!r}): value "
            f"{r.value:.4f}, baseline {r.baseline:.4f}; completeness error {r.completeness_error:.2e} "
            f"({r.method}, {r.n_steps} nodes)"
        )

    emit(args, result, show)
    return 0
