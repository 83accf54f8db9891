"""Co-clustering of units x words into memory chips and word clouds (SPEC 4)."""

from services.clustering.cocluster import MODES, Cocluster, transform

__all__ = ["MODES", "Cocluster", "transform"]
