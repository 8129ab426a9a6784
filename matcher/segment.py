"""Segmentation: a dedicated jieba tokenizer with the domain words, and a fast path for the
precise no-HMM mode the matcher uses."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Iterator

import jieba

# jieba's own definition of the runs it segments (re_han_default) and of glued ASCII.
_BLOCK = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+")
_ASCII_ALNUM = re.compile("[a-zA-Z0-9]")
_NOTHING = -math.inf


class DomainTokenizer(jieba.Tokenizer):  # type: ignore[misc]
    """jieba's tokenizer with a faster path for its precise, no-HMM mode: the prefix DAG and the
    best route are computed in one pass, with log-probabilities prepared once by `freeze` after
    the last word is added. Segmentation dominates the start-up time of a large index."""

    _log_prob: dict[str, float] | None = None

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        super().add_word(word, freq, tag)
        self._log_prob = None

    def freeze(self) -> None:
        log_total = math.log(self.total)
        self._log_prob = {w: math.log(f) - log_total for w, f in self.FREQ.items() if f}

    def words(self, text: str) -> Iterator[tuple[str, int]]:
        """(word, offset) as `tokenize(text, HMM=False)` finds them, skipping what lies outside
        jieba's word blocks (punctuation, spaces, symbols)."""
        if self._log_prob is None:
            self.freeze()
        for block in _BLOCK.finditer(text):
            yield from self._block_words(block.group(), block.start())

    def _block_words(self, block: str, base: int) -> Iterator[tuple[str, int]]:
        ends = self._route(block)
        position, pending, pending_at = 0, "", 0
        while position < len(block):
            end = ends[position]
            word = block[position:end]
            if end - position == 1 and _ASCII_ALNUM.match(word):
                # jieba glues single ASCII letters and digits back into runs (NdFeB, 400kA).
                pending, pending_at = (pending + word, pending_at if pending else position)
            else:
                if pending:
                    yield pending, base + pending_at
                    pending = ""
                yield word, base + position
            position = end
        if pending:
            yield pending, base + pending_at

    def _route(self, block: str) -> list[int]:
        """End of the best word starting at each position (jieba's `get_DAG` + `calc`)."""
        freq, log_prob = self.FREQ, self._log_prob
        assert log_prob is not None
        unseen = -math.log(self.total)
        size = len(block)
        score = [0.0] * (size + 1)
        ends = [0] * size
        for start in range(size - 1, -1, -1):
            best, best_end = _NOTHING, start + 1
            end, fragment = start + 1, block[start]
            while fragment in freq:
                value = log_prob.get(fragment)
                if value is not None and value + score[end] >= best:
                    best, best_end = value + score[end], end  # ties: the longer word, as jieba
                if end == size:
                    break
                end += 1
                fragment = block[start:end]
            score[start] = best if best > _NOTHING else unseen + score[start + 1]
            ends[start] = best_end
        return ends


def build_tokenizer(words: Iterable[tuple[str, int | None]]) -> jieba.Tokenizer:
    """A jieba tokenizer of our own (never the global one), loaded with domain words."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = DomainTokenizer()
    tokenizer.initialize()
    for word, freq in words:
        tokenizer.add_word(word, freq)
    tokenizer.freeze()
    return tokenizer
