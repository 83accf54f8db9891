"""The last shard fetches the others' partials into its worker's cache while it still records."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from services.database.session import session_scope
from services.database.tables import RecordingShard
from services.jobs.running import database
from services.jobs.sharded_recording.files import KIND
from services.settings import Settings
from services.storage.artifacts import ArtifactStore
from services.storage.objects import StoreUnavailable

log = logging.getLogger(__name__)
PREFETCH_POLL_S = 2.0  # the last shard looks this often for partials stored, to fetch them early


class Prefetcher:
    """The last shard fetches the other shards' partials into its worker's cache as they are stored,
    while it still records or waits, so that its merge reads them from local disk."""

    def __init__(self, settings: Settings, store: ArtifactStore, recording_id: int, index: int) -> None:
        self.database, self.store = database(settings), store
        self.recording_id, self.index = recording_id, index
        self.paths: dict[int, Path] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"prefetch-{recording_id}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._fetch_stored()
            except (SQLAlchemyError, StoreUnavailable, OSError, ValueError) as exc:
                # the merge fetches what is missing and says what failed
                log.info("recording %s: prefetching partials: %s", self.recording_id, exc)
            self._stop.wait(PREFETCH_POLL_S)

    def _fetch_stored(self) -> None:
        with session_scope(self.database) as session:
            stored = session.execute(
                select(RecordingShard.index, RecordingShard.partial).where(
                    RecordingShard.recording_id == self.recording_id,
                    RecordingShard.index != self.index,
                    RecordingShard.status == "done",
                )
            ).all()
        for index, described in stored:
            if self._stop.is_set():
                return
            if index not in self.paths and described:
                role = f"shard {index}"
                self.paths[index] = self.store.stored(KIND, self.recording_id, {role: described}, role)

    def stop(self) -> None:
        """Fetch nothing more (a fetch under way ends on its own)."""
        self._stop.set()

    def finish(self) -> dict[int, Path]:
        """Stop (after the fetch under way) and give the partials fetched, by shard index."""
        self._stop.set()
        self._thread.join()
        return dict(self.paths)
