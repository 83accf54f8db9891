"""Sentence evaluation (SPEC 5): states, predictions, glyphs, output decomposition."""

from services.evaluation.glyphs import ClusterGlyphs, cluster_glyphs
from services.evaluation.sentence import Decomposition, SentenceEvaluation, evaluate_text

__all__ = ["ClusterGlyphs", "Decomposition", "SentenceEvaluation", "cluster_glyphs", "evaluate_text"]
