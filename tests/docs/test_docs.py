"""The documentation runs: every shell and Python block of README.md, docs/guide.md and
docs/exports.md, in order, against one live `rnnvis serve`, with the output each shows compared
(tests/docs/markdown.py says how a doc shows output and marks a block that must not run).

The documents assume the repository as the current folder with `../shared` beside it. Here that is
a scratch folder whose entries link to the repository's (so what the commands write stays out of
the clone), `rnnvis-data` in it the running server's data folder, and `../shared` a link to the
shared data. The server listens on a free port: `http://127.0.0.1:8000` in a command is replaced by
its address, the one thing changed in what the documents say. Nothing else is given: no token, no
RNNVIS_URL, no `.venv/bin` on PATH; the documents must say how to get each.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tests.docs.markdown import Block, blocks, commands, matches
from tests.service.stack import RunningService, start_service

pytestmark = pytest.mark.long  # minutes: started first in the parallel run

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", ROOT / "docs" / "guide.md", ROOT / "docs" / "exports.md"]
DOCUMENTED_URL = "http://127.0.0.1:8000"
COMMAND_TIMEOUT_S = 600


class Session:
    """One shell for a document: each command runs in a fresh bash that first restores the variables,
    functions and folder the commands before it left (kept in `folder`)."""

    def __init__(self, cwd: Path, url: str, folder: Path) -> None:
        folder.mkdir()
        self.url = url
        self.state, self.where, self.source = folder / "state.sh", folder / "where", folder / "block.py"
        path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if ".venv" not in p)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("RNNVIS_", "VIRTUAL_ENV"))}
        self.env["PATH"] = path
        self.state.write_text(f"export PATH={shlex.quote(path)}\n")
        self.where.write_text(str(cwd))

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        command = command.replace(DOCUMENTED_URL, self.url)
        script = (
            f'set -a -o pipefail\n. {self.state}\ncd "$(cat {self.where})"\n{command}\nstatus=$?\n'
            f"{{ export -p; declare -f; }} > {self.state}\npwd > {self.where}\nexit $status\n"
        )
        return subprocess.run(
            ["bash", "-c", script],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
        )

    def python(self, code: str) -> subprocess.CompletedProcess[str]:
        """A Python block, with the `python` the shell would find and the environment it has now."""
        self.source.write_text(code)
        return self.run(f"python - < {self.source}")  # as typed at a prompt: the current folder on sys.path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, RunningService]]:
    root = tmp_path_factory.mktemp("docs")
    main = root / "main"
    main.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("rnnvis-data", ".git") and not entry.name.startswith("."):
            (main / entry.name).symlink_to(entry)
    (main / ".venv").symlink_to(ROOT / ".venv")
    (root / "shared").symlink_to(SHARED_DATA.parent)
    service = start_service(main / "rnnvis-data")
    try:
        yield main, service
    finally:
        service.stop()


def _run_block(session: Session, block: Block, took: list[tuple[float, str]]) -> tuple[list[str], bool]:
    """What went wrong, and whether a command failed (what follows in the document depends on it);
    each command's seconds go to `took`."""
    if block.kind == "python":
        started = time.perf_counter()
        done = session.python(block.text)
        took.append((time.perf_counter() - started, f"{block.where}: python block"))
        if done.returncode != 0:
            return [f"{block.where}: the Python block failed:\n{done.stdout[-3000:]}"], True
        return [], False
    problems: list[str] = []
    for command in commands(block):
        started = time.perf_counter()
        done = session.run(command.text)
        where = f"{block.path.name}:{command.line}"
        took.append((time.perf_counter() - started, f"{where}: {command.text.splitlines()[0][:70]}"))
        if done.returncode != command.exit_code:
            problems.append(
                f"{where}: `{command.text}` ended with {done.returncode}, not {command.exit_code}:\n"
                f"{done.stdout[-3000:]}"
            )
            return problems, True
        missing = matches(command.output, done.stdout)
        if missing is not None:
            problems.append(
                f"{where}: `{command.text}` did not print {missing!r}; it printed:\n{done.stdout[-3000:]}"
            )
    return problems, False


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_documented_block_runs(workspace: tuple[Path, RunningService], document: Path) -> None:
    """One document, in order; the documents run in the order listed, against one server (a later one
    may read what an earlier one made, as a reader who follows them in turn would)."""
    main, service = workspace
    ran, skipped, problems = 0, [], []
    took: list[tuple[float, str]] = []
    session = Session(main, service.url, main.parent / f"shell-{document.stem}")
    for block in blocks(document):
        if block.skip:
            skipped.append(f"{block.where} ({block.skip})")
            continue
        ran += 1
        found, failed = _run_block(session, block, took)
        problems += found
        if failed:
            break
    print(f"{document.name}: documented blocks run: {ran}; not run: {len(skipped)}: {'; '.join(skipped)}")
    slowest = "\n".join(f"  {seconds:6.1f} s  {what}" for seconds, what in sorted(took, reverse=True)[:8])
    print(
        f"{document.name}: {sum(s for s, _ in took):.0f} s in {len(took)} commands; the slowest:\n{slowest}"
    )
    assert not problems, "\n\n".join(problems)
