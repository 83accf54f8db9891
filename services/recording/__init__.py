"""Recording: the model reads a corpus; per-word statistics of every unit's response are kept."""

from services.recording.channels import Channel, UnknownChannel, as_channels, find_channel, select_channels
from services.recording.recorder import (
    Recording,
    RecordingCancelled,
    RecordingOptions,
    batch_sequences,
    default_device,
    open_corpus,
    pad_batch,
    record,
    record_into,
    record_scanned,
)
from services.recording.sampling import QuantilePlan
from services.recording.statistics import (
    QUANTILES,
    SALIENCE_PRIOR_COUNT,
    ResponseAccumulator,
    ResponseStatistics,
    salience,
)
from services.recording.taps import channels_for, iter_states

__all__ = [
    "QUANTILES",
    "Channel",
    "QuantilePlan",
    "Recording",
    "RecordingCancelled",
    "RecordingOptions",
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
