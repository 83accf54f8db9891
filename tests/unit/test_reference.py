"""The references are generated and current, and every option they list says what it means."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cli.main import build_parser
from cli.reference import REFERENCE, _subcommands, cli_reference, http_reference
from rnnvis_client.endpoints import ENDPOINTS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "openapi.json").read_text())


def test_the_references_are_current() -> None:
    assert (REFERENCE / "http.md").read_text() == http_reference(SCHEMA, ENDPOINTS), "run `make api-schema`"
    assert (REFERENCE / "cli.md").read_text() == cli_reference(build_parser()), "run `make api-schema`"


def _body(operation: dict[str, Any]) -> dict[str, Any]:
    content = next(iter(operation["requestBody"]["content"].values()))["schema"]
    if "$ref" in content:
        return dict(SCHEMA["components"]["schemas"][content["$ref"].rsplit("/", 1)[-1]])
    return dict(content)


def test_every_request_parameter_and_field_says_what_it_means() -> None:
    silent = []
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            for p in operation.get("parameters", []):
                if not (p.get("description") or p["schema"].get("description")):
                    silent.append(f"{method.upper()} {path} ?{p['name']}")
            if "requestBody" in operation:
                for name, spec in _body(operation).get("properties", {}).items():
                    if not spec.get("description"):
                        silent.append(f"{method.upper()} {path} {name}")
    assert not silent, "add a description in api/schemas/ or the route: " + ", ".join(silent)


def test_every_command_line_argument_says_what_it_means() -> None:
    silent = [
        f"{name} {' '.join(action.option_strings) or action.dest}"
        for name, command in _subcommands(build_parser(), "rnnvis")
        for action in command._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert not silent, ", ".join(silent)
