"""Readable summaries of an analysis, for the command line and the demo."""

from services.reports.summary import (
    AnalysisSettings,
    cocluster_recording,
    format_summary,
    summarize,
    unit_salient_words,
)

__all__ = ["AnalysisSettings", "cocluster_recording", "format_summary", "summarize", "unit_salient_words"]
