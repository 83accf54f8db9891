"""Comparing models (SPEC 6): unit alignment between two recordings (alignment.py), and chips
followed across a model's checkpoints (timeline.py, issue 34). Import the modules themselves: the
API reads timeline's thresholds without loading scipy."""
