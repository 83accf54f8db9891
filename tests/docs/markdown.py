"""The runnable blocks of a Markdown file, and what each shows of its own output.

A fenced block tagged `sh`, `bash` or `python` runs; one whose first line is a comment
`# not run by the docs test: <why>` is skipped, and the reason is there for the reader too.

Shell blocks come in two styles. A script: every line is a command (a trailing `\\` continues it,
`#` lines are comments), and comment lines that start with `#  ` (two spaces) right after a command
show its output. A console session: lines starting with `$ ` are commands and the lines after one,
up to the next, are its output. In shown output `...` stands for any text, and a last line
`(exit N)` says the command ends with status N (every other command must end with 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

RUNNABLE = {"sh": "shell", "bash": "shell", "python": "python"}
SKIP = re.compile(r"^#\s*not run by the docs test:\s*(?P<why>.+)$")
FENCE = re.compile(r"^(?P<fence>```+)\s*(?P<info>[^`]*)$")
EXIT = re.compile(r"^\(exit (?P<code>\d+)\)$")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    kind: str  # shell or python
    text: str
    skip: str | None  # why it does not run, as the reader sees it

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


@dataclass
class Command:
    line: int
    text: str
    shown: list[str] = field(default_factory=list)  # the output the doc shows, `...` for any text

    @property
    def exit_code(self) -> int:
        found = EXIT.match(self.shown[-1]) if self.shown else None
        return int(found.group("code")) if found else 0

    @property
    def output(self) -> list[str]:
        return [line for line in self.shown if not EXIT.match(line)]


def blocks(path: Path) -> list[Block]:
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, info = opening.group("fence"), opening.group("info").strip().split()
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith(fence))
        body = lines[i + 1 : end]
        kind = RUNNABLE.get(info[0]) if info else None
        if kind is not None:
            skipped = SKIP.match(body[0]) if body else None
            why = skipped.group("why") if skipped else None
            found.append(Block(path, i + 1, kind, "\n".join(body) + "\n", why))
        i = end + 1
    return found


def commands(block: Block) -> list[Command]:
    """The shell commands of a block, each with the output the doc shows for it."""
    lines = block.text.splitlines()
    console = any(line.startswith("$ ") for line in lines)
    found: list[Command] = []
    pending = ""
    for offset, line in enumerate(lines, start=block.line + 1):
        if console:
            if line.startswith("$ "):
                found.append(Command(offset, line[2:]))
            elif found and line.strip():
                found[-1].shown.append(line.strip())
            continue
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            if line.startswith("#  ") and found:
                found[-1].shown.append(line[3:].strip())
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        found.append(Command(offset, pending + line))
        pending = ""
    return found


def matches(shown: list[str], output: str) -> str | None:
    """None when every shown line matches a line of the output, in order; else what is missing."""
    actual = [line.strip() for line in output.splitlines()]
    at = 0
    for expected in shown:
        pattern = re.compile(".*".join(re.escape(part) for part in expected.split("...")))
        while at < len(actual) and not pattern.fullmatch(actual[at]):
            at += 1
        if at == len(actual):
            return expected
        at += 1
    return None
