"""Recording: the model reads a corpus; per-word statistics of every unit's response are kept."""

from typing import TYPE_CHECKING

from services.lazy import lazy_names
from services.recording.channels import Channel, UnknownChannel, as_channels, find_channel, select_channels
from services.recording.sampling import QuantilePlan
from services.recording.statistics import QUANTILES, SALIENCE_PRIOR_COUNT, ResponseStatistics, salience

# What needs torch is imported when first used: the API reads statistics and channels through this
# package, and its processes then start without torch (seconds and hundreds of MB each).
_LAZY = {
    "RecordingOptions": "recorder",
    "RecordingResult": "recorder",
    "batch_sequences": "recorder",
    "default_device": "recorder",
    "open_corpus": "recorder",
    "pad_batch": "recorder",
    "record": "recorder",
    "record_into": "recorder",
    "record_scanned": "recorder",
    "ResponseAccumulator": "accumulator",
    "channels_for": "taps",
    "iter_states": "taps",
}

if TYPE_CHECKING:
    from services.recording.accumulator import ResponseAccumulator
    from services.recording.recorder import (
        RecordingOptions,
        RecordingResult,
        batch_sequences,
        default_device,
        open_corpus,
        pad_batch,
        record,
        record_into,
        record_scanned,
    )
    from services.recording.taps import channels_for, iter_states


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "QUANTILES",
    "Channel",
    "QuantilePlan",
    "RecordingOptions",
    "RecordingResult",
    "SALIENCE_PRIOR_COUNT",
    "ResponseAccumulator",
    "ResponseStatistics",
    "UnknownChannel",
    "as_channels",
    "batch_sequences",
    "channels_for",
    "default_device",
    "find_channel",
    "iter_states",
    "open_corpus",
    "pad_batch",
    "record",
    "record_into",
    "record_scanned",
    "salience",
    "select_channels",
]
