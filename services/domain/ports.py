"""What the use cases need from outside the process, as interfaces the API fills in: the workers
(a job queue and interactive answers) and the API processes' caches of finished results."""

from __future__ import annotations

from typing import Any, Literal, Protocol

JobKind = Literal["training", "recording", "coclustering", "coclustering_scan", "ablation"]
Question = Literal["evaluate", "align"]


class Workers(Protocol):
    def run(self, kind: str, job_id: int) -> None:
        """Send a committed job to the workers; Unavailable when the queue cannot be reached."""

    def ask(self, question: Question, args: list[Any], caller_id: int) -> dict[str, Any]:
        """An interactive answer, waited for; Invalid for bad input, Unavailable when nobody answers,
        TooManyJobs when the caller already waits for settings.max_interactive_calls answers."""


class Forget(Protocol):
    def __call__(self, kind: Literal["recording", "coclustering"], record_ids: list[int]) -> None:
        """Results of these records are about to be deleted: evict them from every cache."""
