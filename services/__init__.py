"""RNNVis domain core: models, corpora, recording, statistics, co-clustering, evaluation, training.

Knows nothing of HTTP or Celery; the API and the workers call into it.
"""
