"""The layers of docs/architecture.md, checked on every import of every module (ast, not grep)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = {"api", "services", "worker", "cli", "runtime", "rnnvis_client"}
# which top-level packages (of ours, and of the libraries that define a layer) each layer may not import
FORBIDDEN: dict[str, set[str]] = {
    "services": {
        "api",
        "worker",
        "cli",
        "runtime",
        "rnnvis_client",
        "fastapi",
        "starlette",
        "celery",
        "httpx",
    },
    "api": {"cli", "runtime", "rnnvis_client"},
    "worker": {"api", "cli", "runtime", "rnnvis_client", "fastapi"},
    "runtime": {"api", "worker", "cli", "rnnvis_client"},
    # the Python client is a distribution of its own; `client` was its import name before issue 35
    "rnnvis_client": SERVER - {"rnnvis_client"} | {"client", "torch", "fastapi", "sqlalchemy", "celery"},
}
ROUTE_FORBIDDEN = {"sqlalchemy", "services.database.session", "services.storage"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    found = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        if layer == "rnnvis_client" and path.name == "models.py":  # generated: pydantic only
            continue
        for name in imports_of(path):
            if name.split(".")[0] in FORBIDDEN[layer]:
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not found, "\n".join(found)


def test_routes_hold_no_queries_and_import_no_other_route() -> None:
    found = []
    for path in sorted((ROOT / "api" / "routers").glob("*.py")):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in ROUTE_FORBIDDEN) or name.startswith(
                "api.routers"
            ):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
        text = path.read_text()
        for needle in ("select(", ".execute(", "owner_id"):
            if needle in text:
                found.append(f"{path.relative_to(ROOT)} has {needle}")
    assert not found, "\n".join(found)


def test_the_api_starts_without_the_numerical_libraries() -> None:
    """An API process serves requests, reads statistics (numpy) and hands work to the workers: it
    imports torch only at a model's upload (its check), and never scikit-learn or scipy. Each of
    them costs seconds at every start and hundreds of MB in every API process."""
    heavy = ("torch", "sklearn", "scipy", "pandas")
    probe = f"import sys, api.app; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"api.app imports {done.stdout.strip()}"
