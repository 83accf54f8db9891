"""Jobs, and the answer that starts one."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from api.schemas.fields import Status


class JobOut(BaseModel):
    id: int
    kind: str
    status: Status
    progress: float
    message: str
    error: str | None
    cancel_requested: bool
    attempts: int
    owner_id: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class Accepted(BaseModel):
    id: int
    status: Status
    job_id: int
