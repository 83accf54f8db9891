"""Comparing models (SPEC 6): unit alignment between two recordings."""

from services.comparison.alignment import UnitAlignment, align_units

__all__ = ["UnitAlignment", "align_units"]
