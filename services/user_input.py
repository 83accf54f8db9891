"""Text and JSON written by users, checked before anything stores them.

Control characters: PostgreSQL's text cannot hold NUL, and the other non-whitespace controls in a
vocabulary or corpus are damage, not words; each is refused with its line.

JSON (request bodies, config.json, JSONL corpus lines) is parsed strictly.
Python's json module accepts NaN, Infinity and numbers that overflow to infinity, none of which
JSON allows and none of which the database or a JSON answer can hold; and deep nesting makes it
raise RecursionError. Here each is a ValueError in words.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from services.errors import UserError

# C0 and C1 controls and DEL, except the whitespace ones that split words (\t \n \v \f \r \x1c-\x1f)
CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f]")
MAX_DEPTH = 32  # no document of this API nests deeper than a few levels


class JsonRefused(UserError):
    """The text is not JSON this server accepts; the message says why."""


def control_character(text: str) -> str | None:
    """'U+0000' for the first control character a word may not hold, or None."""
    found = CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _no_constant(name: str) -> Any:
    raise JsonRefused(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonRefused(f"the number {text[:40]} is out of range")
    return value


def parse_json(text: str | bytes) -> Any:
    """The document, or JsonRefused: invalid JSON, NaN/Infinity/overflow, or nesting over MAX_DEPTH."""
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"not valid JSON ({exc.msg} at character {exc.pos})") from exc
    except RecursionError as exc:
        raise JsonRefused(f"JSON nested deeper than {MAX_DEPTH} levels") from exc
    except UnicodeDecodeError as exc:
        raise JsonRefused(f"JSON is not UTF-8 text (byte {exc.start})") from exc
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    """Walks without recursion, so the check itself cannot overflow the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) >= 2**63:
                raise JsonRefused(f"the integer {str(item)[:40]} is out of range")
            continue
        if depth > MAX_DEPTH:
            raise JsonRefused(f"JSON nested deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children)
