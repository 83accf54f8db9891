"""The HTTP gateway (FastAPI): SPEC 7, under /api/v1."""
