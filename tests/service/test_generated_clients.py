"""Programs that generate their client from openapi.json rather than install ours (issue 35): a
Python client from openapi-python-client and a TypeScript one from @hey-api/openapi-ts, generated from
the repository's openapi.json as their users would, each uploading a model and a corpus, recording,
co-clustering and reading the chips against the live server. The chips they read are compared with
our own client's answer for the same co-clustering.

The generators run in their own environments, as a user's would: `.generators` (a venv with
openapi-python-client, tests/generated_clients/requirements.txt) and web/codegen's node_modules
(@hey-api/openapi-ts, and TypeScript 5 to compile the result for node).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.service.stack import RunningService

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "generated_clients"
GENERATORS = ROOT / ".generators" / "bin"
CODEGEN = ROOT / "web" / "codegen" / "node_modules" / ".bin"
LIMIT_S = 300  # a hang guard: each step takes seconds
PATH_WITH_RUFF = f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"


def run(args: Sequence[object], cwd: Path, **env: str) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, f"{args[0]}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def user(service: RunningService) -> tuple[str, httpx.Client]:
    token = service.create_user("generated-gita")
    return token, service.client(token)


def check_flow(answer: dict[str, Any], api: httpx.Client) -> None:
    """What the generated client read, against the server's answers to ours."""
    assert answer["cell"] == "lstm" and answer["recording"][1] == "succeeded" == answer["coclustering"][1]
    ours = api.get(f"/coclusterings/{answer['coclustering'][0]}").json()
    assert answer["unit_clusters"] == ours["unit_clusters"] and len(ours["unit_clusters"]) == 3
    assert api.get(f"/models/{answer['model']}").json()["name"].startswith("generated")


def test_a_python_client_generated_by_openapi_python_client_works(
    user: tuple[str, httpx.Client], service: RunningService, model_dir: Path, ptb_lines: Path, tmp_path: Path
) -> None:
    if not (GENERATORS / "openapi-python-client").exists():
        pytest.fail("openapi-python-client is missing: `make test` installs it in .generators")
    generate = [GENERATORS / "openapi-python-client", "generate", "--path", ROOT / "openapi.json"]
    # its output is formatted with ruff, which the project's environment has
    run(
        [*generate, "--output-path", tmp_path / "rnnvis_api", "--meta", "none"], tmp_path, PATH=PATH_WITH_RUFF
    )
    # the generated code takes upload fields as files: format binary beside contentMediaType
    assert "File(" in (tmp_path / "rnnvis_api" / "models" / "body_create_model.py").read_text()
    flow = [GENERATORS / "python", HERE / "flow.py", service.url, user[0], model_dir, ptb_lines]
    printed = run(flow, tmp_path, PYTHONPATH=str(tmp_path))
    check_flow(json.loads(printed.splitlines()[-1]), user[1])


def test_a_typescript_client_generated_by_hey_api_works(
    user: tuple[str, httpx.Client], service: RunningService, model_dir: Path, ptb_lines: Path, tmp_path: Path
) -> None:
    if not (CODEGEN / "openapi-ts").exists():
        pytest.fail("@hey-api/openapi-ts is missing: `make test` installs web/codegen's packages")
    shutil.copy(HERE / "flow.ts", tmp_path / "flow.ts")
    run([CODEGEN / "openapi-ts", "-i", ROOT / "openapi.json", "-o", tmp_path / "generated"], tmp_path)
    node = ["--types", "node", "--typeRoots", CODEGEN.parent / "@types", "--lib", "es2022,dom,dom.iterable"]
    cjs = [
        "--module",
        "commonjs",
        "--moduleResolution",
        "node",
        "--target",
        "es2022",
        "--strict",
        "--skipLibCheck",
    ]
    run([CODEGEN / "tsc", *cjs, *node, "--outDir", tmp_path / "out", tmp_path / "flow.ts"], tmp_path)
    printed = run(
        ["node", tmp_path / "out" / "flow.js", service.url, user[0], model_dir, ptb_lines], tmp_path
    )
    check_flow(json.loads(printed.splitlines()[-1]), user[1])
