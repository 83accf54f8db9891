"""`python -m runtime.postgres_guard PGDATA`: started by `rnnvis serve` with a pipe on its stdin. The
embedded PostgreSQL runs detached (pg_ctl), so it would outlive a `serve` killed with SIGKILL; this
guard waits for the pipe to close (its parent gone, however it ended) and then stops PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

from runtime.supervision import stop_postgres_of


def main() -> None:
    pgdata = Path(sys.argv[1])
    while sys.stdin.buffer.read(1):  # serve never writes: returns b"" once the pipe closes
        pass
    stop_postgres_of(pgdata)


if __name__ == "__main__":
    main()
