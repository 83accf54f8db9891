"""Celery workers: the recording, co-clustering, training, evaluation and alignment tasks."""
