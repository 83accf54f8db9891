"""Corpora."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from api.schemas.fields import SharedInto


class CorpusOut(BaseModel):
    id: int
    name: str
    format: str
    num_sequences: int
    num_tokens: int
    labels: list[str] | None
    files: dict[str, Any]
    owner_id: int
    project_id: SharedInto
    created_at: datetime
