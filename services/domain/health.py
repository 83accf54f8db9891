"""Readiness: the database, the broker and at least one worker answer (GET /readyz)."""

from __future__ import annotations

from typing import Any, Protocol

from services.database.session import database_answers
from services.settings import Settings


class Checkable(Protocol):
    def check(self) -> dict[str, Any]:
        """{'broker': 'ok' | what is wrong, 'workers': how many answered | what is wrong}."""


def readiness(settings: Settings, workers: Checkable) -> dict[str, Any]:
    """{'status': 'ready' | 'not ready', 'missing': [...], 'checks': {...}}."""
    assert settings.database_url is not None
    checks = {"database": database_answers(settings.database_url), **workers.check()}
    missing = [name for name, value in checks.items() if value != "ok" and not isinstance(value, int)]
    return {"status": "ready" if not missing else "not ready", "missing": missing, "checks": checks}
