"""Running the service: the embedded PostgreSQL and Redis of `rnnvis serve`, and its child processes."""
