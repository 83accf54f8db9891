"""Recording: the model reads a corpus; per-word statistics of every unit's response are kept."""

from services.recording.recorder import (
    Recording,
    RecordingCancelled,
    RecordingOptions,
    default_device,
    open_corpus,
    record,
    record_into,
)
from services.recording.sampling import QuantilePlan
from services.recording.statistics import QUANTILES, Channel, ResponseAccumulator, ResponseStatistics
from services.recording.taps import channels_for, iter_states

__all__ = [
    "QUANTILES",
    "Channel",
    "QuantilePlan",
    "Recording",
    "RecordingCancelled",
    "RecordingOptions",
    "ResponseAccumulator",
    "ResponseStatistics",
    "channels_for",
    "default_device",
    "iter_states",
    "open_corpus",
    "record",
    "record_into",
]
