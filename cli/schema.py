"""Flags that set a field of an API request take their words from the API's schema (openapi.json,
written by `make api-schema` from api/schemas/): the help is the field's description and default,
the choices its enum, so the command line never restates what the API says."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "openapi.json"
TYPES = {"integer": int, "number": float, "string": str}


@lru_cache(maxsize=1)
def _schemas() -> dict[str, Any]:
    return dict(json.loads(SCHEMA_FILE.read_text())["components"]["schemas"])


def from_schema(request: str, field: str, help_first: str = "", local: bool = False) -> dict[str, Any]:
    """argparse keywords for a flag that sets `field` of the request body `request`. The flag's
    default is None (left out, the server's default applies), so the help names that default;
    local=True (a command that runs the engine here) makes the schema's default the flag's."""
    return _flag(_schemas()[request]["properties"][field], help_first, local)


def from_query(path: str, name: str, help_first: str = "") -> dict[str, Any]:
    """argparse keywords for a flag that sets the query parameter `name` of GET `path` (as
    openapi.json writes it, e.g. /api/v1/recordings/{recording_id}/trace)."""
    parameters = json.loads(SCHEMA_FILE.read_text())["paths"][path]["get"]["parameters"]
    parameter = next(p for p in parameters if p["name"] == name)
    spec = {**parameter["schema"], "description": parameter.get("description", "")}
    return _flag(spec, help_first, local=False)


def _flag(spec: dict[str, Any], help_first: str, local: bool) -> dict[str, Any]:
    inner = next((s for s in spec.get("anyOf", []) if s.get("type") != "null"), spec)
    words = " ".join(part for part in (help_first, spec.get("description", "")) if part)
    if spec.get("default") is not None:
        default = spec["default"]
        words += f" (default {str(default).lower() if isinstance(default, bool) else default})"
    words = words.replace("%", "%%")  # argparse formats help with %
    if inner.get("type") == "boolean":
        return {"action": "store_true", "default": False if local else None, "help": words}
    options: dict[str, Any] = {"help": words}
    if local and spec.get("default") is not None:
        options["default"] = spec["default"]
    if inner.get("type") == "array":  # --lags 0 1 2
        options["nargs"] = "+"
        inner = inner.get("items", {})
    if "enum" in inner:
        options["choices"] = inner["enum"]
    else:
        options["type"] = TYPES.get(str(inner.get("type")), str)
    return options
