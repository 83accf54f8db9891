"""Which responses are kept for quantiles (SPEC 3), decided before recording so that results do not
depend on batch size or on how the corpus is split between workers.

For each of the `top_words` most frequent words, the kept occurrences are all of them when the word
is seen at most `sample_size` times, else a seeded uniform sample of `sample_size` occurrence ranks.
An occurrence's rank is its position among that word's occurrences in corpus order.
"""

from __future__ import annotations

import numpy as np

from services.errors import UserError

SAMPLE_SIZE = 256  # responses kept per quantile word (SPEC 3: at least 256)
TOP_WORDS = 300  # the most frequent words whose responses keep quantiles (SPEC 3's default)
_ROW_SHIFT = 40  # key = row << 40 | rank: ranks stay below 2**40 for any corpus we can read


class QuantilePlan:
    def __init__(
        self,
        word_counts: np.ndarray,
        top_words: int = TOP_WORDS,
        sample_size: int = SAMPLE_SIZE,
        seed: int = 0,
    ):
        """word_counts [V]: occurrences of every vocabulary id in the whole corpus."""
        if sample_size < 1:
            raise UserError("sample_size must be at least 1")
        vocab_size = len(word_counts)
        # Most frequent first; ties by lower id, so the choice is repeatable.
        order = np.lexsort((np.arange(vocab_size), -word_counts))
        self.word_ids = order[: max(0, top_words)][word_counts[order[: max(0, top_words)]] > 0].astype(
            np.int64
        )
        self.sample_size = sample_size
        self.row_of_word = np.full(vocab_size, -1, dtype=np.int64)
        self.row_of_word[self.word_ids] = np.arange(len(self.word_ids))
        self.filled = np.minimum(word_counts[self.word_ids], sample_size).astype(np.int64)  # [Q]
        keys, slots = [], []
        for row, word in enumerate(self.word_ids):
            n = int(word_counts[word])
            if n <= sample_size:
                ranks = np.arange(n, dtype=np.int64)
            else:
                rng = np.random.default_rng([seed, int(word)])
                ranks = np.sort(rng.choice(n, size=sample_size, replace=False)).astype(np.int64)
            keys.append((row << _ROW_SHIFT) + ranks)
            slots.append(row * sample_size + np.arange(len(ranks), dtype=np.int64))
        self._keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        self._slots = np.concatenate(slots) if slots else np.zeros(0, dtype=np.int64)

    @property
    def num_slots(self) -> int:
        return len(self.word_ids) * self.sample_size

    def assign(self, window: list[np.ndarray], seen: np.ndarray) -> list[np.ndarray]:
        """Slot index (or -1) of every token of sequences given in corpus order.

        seen [V] counts each word's occurrences before this window; it is advanced in place.
        """
        lengths = [len(ids) for ids in window]
        flat = np.concatenate(window) if window else np.zeros(0, dtype=np.int64)
        slots = np.full(len(flat), -1, dtype=np.int64)
        rows = self.row_of_word[flat]
        tracked = np.flatnonzero(rows >= 0)
        if len(tracked):
            words = flat[tracked]
            order = np.argsort(words, kind="stable")  # stable: keeps corpus order within a word
            sorted_words = words[order]
            group_start = np.searchsorted(sorted_words, sorted_words, side="left")
            rank_in_window = np.empty(len(order), dtype=np.int64)
            rank_in_window[order] = np.arange(len(order)) - group_start
            ranks = seen[words] + rank_in_window
            keys = (rows[tracked] << _ROW_SHIFT) + ranks
            pos = np.searchsorted(self._keys, keys)
            pos_clipped = np.minimum(pos, max(len(self._keys) - 1, 0))
            hit = (pos < len(self._keys)) & (self._keys[pos_clipped] == keys)
            slots[tracked[hit]] = self._slots[pos_clipped[hit]]
        seen += np.bincount(flat, minlength=len(seen))
        return np.split(slots, np.cumsum(lengths)[:-1]) if window else []
