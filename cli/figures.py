"""`rnnvis figure | provenance | cite`: a view's chart written as the web client's export writes it
(SVG, PNG or PDF, its provenance in the file's metadata), where a figure comes from, and what to
cite (issue 35), on a server through the Python client."""

from __future__ import annotations

import argparse
from typing import get_args

from cli.remote import add_connection, connect, emit
from rnnvis_client.figures import RECORD_KINDS, FigureKind, figure_source

FIGURES = get_args(FigureKind)


def add_parser(commands: argparse._SubParsersAction) -> None:
    fig = commands.add_parser(
        "figure", help="write a view's chart as SVG, PNG or PDF, its provenance in the file's metadata"
    )
    kinds = "cocluster: a co-clustering's id; unit: a recording's id (with --unit); sentence: a model's id"
    fig.add_argument("kind", choices=FIGURES, help=f"{kinds} (with --text); timeline: a timeline's id")
    fig.add_argument("id", type=int, help="the record's id")
    fig.add_argument("path", help="the file to write: .svg, .png or .pdf")
    fig.add_argument("--caption", action="store_true", help="end the file with the one-line caption")
    fig.add_argument("--width", type=int, default=1200, help="the chart's width in pixels (default 1200)")
    fig.add_argument("--unit", type=int, help="unit: the unit")
    fig.add_argument("--layer", type=int, help="unit: its layer (default: the top one)")
    fig.add_argument("--state", help="unit: its state (default h)")
    fig.add_argument("--text", help="sentence: the text read")
    fig.add_argument("--coclustering", type=int, help="sentence: the co-clustering whose chips it shows")
    add_connection(fig)
    fig.set_defaults(run=figure)

    commands_of = (("provenance", provenance, "where a figure of a record comes from"),
                   ("cite", cite, "the paper's BibTeX and a line naming a record's data"))  # fmt: skip
    for name, run, text in commands_of:
        sub = commands.add_parser(name, help=text)
        sub.add_argument("kind", choices=RECORD_KINDS, help="the kind of record")
        sub.add_argument("id", type=int, help="its id")
        add_connection(sub)
        sub.set_defaults(run=run)


def figure(args: argparse.Namespace) -> int:
    with connect(args) as api:
        path = api.figure(
            args.kind, args.id, args.path, caption=args.caption, width=args.width, unit=args.unit,
            layer=args.layer, state=args.state, text=args.text, coclustering_id=args.coclustering,
        )  # fmt: skip
        caption = api.provenance(*figure_source(args.kind, args.id, args.coclustering)).caption
    print(f"wrote {path} ({path.stat().st_size:,} bytes): {caption}")
    return 0


def provenance(args: argparse.Namespace) -> int:
    with connect(args) as api:
        known = api.provenance(args.kind, args.id)
    emit(args, known, lambda: print(known.caption))
    return 0


def cite(args: argparse.Namespace) -> int:
    with connect(args) as api:
        print(api.cite(args.kind, args.id))
    return 0
