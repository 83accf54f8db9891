"""Where uploaded files and results live: the artifact store (files) and statistics in PostgreSQL."""

from services.storage.artifacts import ArtifactStore, StoredFile, UploadTooLarge

__all__ = ["ArtifactStore", "StoredFile", "UploadTooLarge"]
