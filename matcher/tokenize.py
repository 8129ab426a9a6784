"""Segmentation with a dedicated jieba tokenizer, then synonyms, stop words and sub-words."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

import jieba

from matcher.lexicon import MatcherResources
from matcher.normalize import Normalized, Normalizer

_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Numbers and measurements ("150", "2.4", "90%", "400ka") describe one text, not a topic.
_MEASURE = re.compile(r"^[-+.\d][\w.%‰℃/-]*$", re.ASCII)
_RESOLVE_DEPTH = 3
# jieba's dictionary also lists fragments such as 化铝 or 马铃 with tiny counts; a part of a
# word only stands on its own when it is a domain word or a reasonably common one.
_COMMON = 20


# Distinct jieba words whose analysis is remembered; the vocabulary of a domain is finite,
# but a service runs for months, so the memory is bounded.
_PLAN_LIMIT = 500_000


class Token(NamedTuple):
    term: str  # canonical form, the unit of matching
    start: int  # offsets in the normalized text
    end: int
    sub: bool  # a part of a longer word, e.g. 储能 inside 储能电站


class DomainTokenizer(jieba.Tokenizer):  # type: ignore[misc]
    """jieba's tokenizer, with each word's log-probability computed once rather than at every
    lookup (segmentation dominates the start-up time of a large index)."""

    _log_prob: dict[str, float] | None = None

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        super().add_word(word, freq, tag)
        self._log_prob = None

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:  # noqa: N803
        log_prob = self._log_prob
        if log_prob is None:
            log_total = math.log(self.total)
            log_prob = {w: math.log(f) - log_total for w, f in self.FREQ.items() if f}
            self._log_prob = log_prob
        unseen = -math.log(self.total)
        size = len(sentence)
        route[size] = (0, 0)
        for idx in range(size - 1, -1, -1):
            route[idx] = max(
                (log_prob.get(sentence[idx : x + 1], unseen) + route[x + 1][0], x)
                for x in DAG[idx]
            )


def build_tokenizer(words: Iterable[tuple[str, int | None]]) -> jieba.Tokenizer:
    """A jieba tokenizer of our own (never the global one), loaded with domain words."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = DomainTokenizer()
    tokenizer.initialize()
    for word, freq in words:
        tokenizer.add_word(word, freq)
    return tokenizer


def _resolve(synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Follow chains (a → b, b → c) so every variant maps straight to final terms."""

    def expand(term: str, depth: int) -> tuple[str, ...]:
        target = synonyms.get(term)
        if target is None or depth == 0:
            return (term,)
        # A variant may list itself among its terms (褐煤 → 褐煤 + 低阶煤): keep it literally.
        parts = ((p,) if p == term else expand(p, depth - 1) for p in target)
        return tuple(dict.fromkeys(t for part in parts for t in part))

    return {variant: expand(variant, _RESOLVE_DEPTH) for variant in synonyms}


class Analyzer:
    """Turns text into canonical terms; built once, shared by indexing and querying."""

    def __init__(self, resources: MatcherResources) -> None:
        self.normalize = Normalizer(resources.traditional)
        fold = self.normalize.text
        raw = {fold(k): tuple(fold(t) for t in v) for k, v in resources.synonyms.items()}
        self.synonyms = _resolve(raw)
        self.stopwords = frozenset(fold(w) for w in resources.stopwords)
        user_words = {fold(word): freq for word, freq in resources.userdict}
        canonical = {t for terms in self.synonyms.values() for t in terms}
        vocabulary = set(user_words) | set(self.synonyms) | canonical
        self.known = frozenset(vocabulary)
        entries = [(w, user_words.get(w)) for w in sorted(vocabulary) if len(w) > 1]
        self.tokenizer = build_tokenizer(entries)
        self._plans: dict[str, tuple[tuple[str, int, int, bool], ...]] = {}

    def terms(self, text: str) -> list[Token]:
        return self._scan(self.normalize.text(text))

    def tokens(self, text: str) -> tuple[Normalized, list[Token]]:
        normalized = self.normalize(text)
        return normalized, self._scan(normalized.text)

    def keeps(self, term: str) -> bool:
        if term in self.stopwords:
            return False
        if term in self.known:
            return True
        return len(term) > 1 and not _MEASURE.match(term)

    def _scan(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        for word, start, _ in self.tokenizer.tokenize(text, HMM=False):
            plan = self._plans.get(word)
            if plan is None:
                if len(self._plans) >= _PLAN_LIMIT:
                    self._plans.clear()
                plan = self._plans[word] = tuple(self._plan(word))
            tokens.extend(Token(term, start + a, start + b, sub) for term, a, b, sub in plan)
        return tokens

    def _plan(self, word: str) -> Iterator[tuple[str, int, int, bool]]:
        """What one jieba word becomes, offsets relative to the word."""
        if not _WORDY.search(word):
            return
        mapped = self.synonyms.get(word)
        for term in mapped or (word,):
            if self.keeps(term):
                yield term, 0, len(word), False
            if len(term) > 2 and _CJK.match(term):
                # A rewritten word is quoted whole: its parts were never in the text.
                yield from self._parts(term, len(word) if mapped else None)

    def _parts(self, word: str, whole: int | None) -> Iterator[tuple[str, int, int, bool]]:
        """Dictionary words inside a longer word, as jieba's search mode finds them."""
        freq = self.tokenizer.FREQ
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i : i + size]
                if part == word or not (part in self.known or freq.get(part, 0) >= _COMMON):
                    continue
                first, last = (i, i + size) if whole is None else (0, whole)
                for term in self.synonyms.get(part, (part,)):
                    if self.keeps(term):
                        yield term, first, last, True
