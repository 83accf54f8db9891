"""How much memory a recording's statistics take, estimated before it runs (SPEC 11: refused above
RNNVIS_MAX_RECORDING_BYTES, in words that say what would bring it under). Plain arithmetic: the API
refuses a request with it before any worker starts.

Per (word, channel, unit) the accumulator keeps a float64 sum and sum of squares and the result a
float32 mean and std (24 bytes at the peak); per quantile word up to `sample_size` responses of
every channel and unit are kept in float32 (services/recording/accumulator.py). A trace (SPEC 13)
keeps per (k, top word, state channel, unit) a float64 and a float32 sum and a float32 result.
"""

from __future__ import annotations

from dataclasses import dataclass

PER_WORD_BYTES = 24
SAMPLE_BYTES = 4
TRACE_BYTES = 16


@dataclass(frozen=True)
class SizeEstimate:
    words: int  # distinct words the corpus can hold at most
    channels: int
    units: int
    top_words: int
    sample_size: int
    trace: int = 0  # its depth: k = 0..trace
    trace_channels: int = 0  # the states traced (no gates, no lags)

    @property
    def trace_bytes(self) -> int:
        if not self.trace:
            return 0
        return (self.trace + 1) * self.top_words * self.trace_channels * self.units * TRACE_BYTES

    @property
    def per_channel(self) -> int:
        """Bytes one channel adds."""
        return self.units * (self.words * PER_WORD_BYTES + self.top_words * self.sample_size * SAMPLE_BYTES)

    @property
    def total(self) -> int:
        return self.channels * self.per_channel + self.trace_bytes

    def refusal(self, limit: int) -> str | None:
        """None when within limit, else what is too large and what would bring it under."""
        if self.total <= limit:
            return None
        fit = limit // max(1, self.per_channel)
        under = (
            f"record at most {fit} channel{'s' * (fit != 1)} (fewer layers, states or lags)"
            if fit >= 1
            else "no single channel fits: use a smaller top_words or a smaller corpus vocabulary"
        )
        return (
            f"this recording would keep about {gib(self.total)} of statistics ({self.channels} channels "
            f"(layer, state, lag) × {self.units:,} units × up to {self.words:,} words, and "
            f"{self.sample_size} samples of each of the top_words {self.top_words}), above the server's "
            f"limit (RNNVIS_MAX_RECORDING_BYTES) of {gib(limit)}: {under}, or a smaller top_words "
            f"(each quantile word adds {gib(self.channels * self.units * self.sample_size * SAMPLE_BYTES)})"
            + (f"; its trace alone takes {gib(self.trace_bytes)}" if self.trace else "")
        )


def gib(size: int) -> str:
    return f"{size / 2**30:.2f} GiB" if size >= 2**28 else f"{size / 2**20:.1f} MiB"
