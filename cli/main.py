"""The `rnnvis` command line."""

from __future__ import annotations

import argparse
import sys

from cli import analyze, demo, migrate, serve, train, users

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rnnvis", description="Understand the hidden memory of RNNs.")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (analyze, train, demo, serve, users, migrate):
        module.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ValueError, KeyError, FileNotFoundError) as exc:  # ModelFormatError, CorpusFormatError too
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"rnnvis {args.command}: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
