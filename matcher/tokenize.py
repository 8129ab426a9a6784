"""Segmentation with a dedicated jieba tokenizer, then synonyms, stop words and sub-words."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import jieba

from matcher.lexicon import MatcherResources
from matcher.normalize import Normalized, Normalizer

_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Numbers and measurements ("150", "2.4", "90%", "400ka") describe one text, not a topic.
_MEASURE = re.compile(r"^[-+.\d][\w.%‰℃/-]*$", re.ASCII)
_RESOLVE_DEPTH = 3


@dataclass(frozen=True)
class Token:
    term: str  # canonical form, the unit of matching
    start: int  # offsets in the normalized text
    end: int
    sub: bool  # a part of a longer word, e.g. 储能 inside 储能电站


def build_tokenizer(words: Iterable[tuple[str, int | None]]) -> jieba.Tokenizer:
    """A jieba tokenizer of our own (never the global one), loaded with domain words."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq in words:
        tokenizer.add_word(word, freq)
    return tokenizer


def _resolve(synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Follow chains (a → b, b → c) so every variant maps straight to final terms."""

    def expand(term: str, depth: int) -> tuple[str, ...]:
        target = synonyms.get(term)
        if target is None or depth == 0 or target == (term,):
            return (term,)
        return tuple(dict.fromkeys(t for part in target for t in expand(part, depth - 1)))

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

    def terms(self, text: str) -> list[Token]:
        return list(self._scan(self.normalize(text).text))

    def tokens(self, text: str) -> tuple[Normalized, list[Token]]:
        normalized = self.normalize(text)
        return normalized, list(self._scan(normalized.text))

    def keeps(self, term: str) -> bool:
        if term in self.stopwords:
            return False
        if term in self.known:
            return True
        return len(term) > 1 and not _MEASURE.match(term)

    def _scan(self, text: str) -> Iterator[Token]:
        for word, start, end in self.tokenizer.tokenize(text, HMM=False):
            if not _WORDY.search(word):
                continue
            mapped = self.synonyms.get(word)
            for term in mapped or (word,):
                if self.keeps(term):
                    yield Token(term, start, end, False)
            if mapped is None and len(word) > 2 and _CJK.match(word):
                yield from self._parts(word, start)

    def _parts(self, word: str, start: int) -> Iterator[Token]:
        """Dictionary words inside a longer word, as jieba's search mode finds them."""
        freq = self.tokenizer.FREQ
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i : i + size]
                if part == word or not freq.get(part):
                    continue
                for term in self.synonyms.get(part, (part,)):
                    if self.keeps(term):
                        yield Token(term, start + i, start + i + size, True)
