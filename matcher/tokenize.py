"""Text → canonical terms: segmentation, then synonyms, stop words and sub-words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from matcher.lexicon import MatcherResources
from matcher.normalize import Normalized, Normalizer
from matcher.segment import build_tokenizer

_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Numbers and measurements ("150", "2.4", "90%", "400ka") describe one text, not a topic.
_MEASURE = re.compile(r"^[-+.\d][\w.%‰℃/-]*$", re.ASCII)
_RESOLVE_DEPTH = 3
# jieba's dictionary also lists fragments such as 化铝, 马铃 or 管理系; a part of a word only
# stands on its own when it is a domain word, or a reasonably common two-character word.
_COMMON = 20


# Distinct jieba words whose analysis is remembered; the vocabulary of a domain is finite,
# but a service runs for months, so the memory is bounded.
_PLAN_LIMIT = 500_000
_SHORT = 12


class Term(NamedTuple):
    term: str  # canonical form, the unit of matching
    sub: bool  # a part of a longer word, e.g. 储能 inside 储能电站


class Token(NamedTuple):
    """A term with where it was written (offsets in the normalized text), for explanations."""

    term: str
    start: int
    end: int
    sub: bool


# What one jieba word becomes: its terms, each term's span relative to the word, and the
# (term, word) pairs where the term is not written inside the word (synonyms).
_Plan = tuple[tuple[Term, ...], tuple[tuple[int, int], ...], tuple[tuple[str, str], ...]]


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
        self.generic = frozenset(fold(w) for w in resources.generic)
        user_words = {fold(word): freq for word, freq in resources.userdict}
        canonical = {t for terms in self.synonyms.values() for t in terms}
        vocabulary = set(user_words) | set(self.synonyms) | canonical
        self.known = frozenset(vocabulary)
        entries = [(w, user_words.get(w)) for w in sorted(vocabulary) if len(w) > 1]
        self.tokenizer = build_tokenizer(entries)
        self._plans: dict[str, _Plan] = {}
        self._short: dict[str, tuple[list[Term], list[tuple[str, str]]]] = {}

    def terms(self, text: str, rewrites: dict[str, str] | None = None) -> list[Term]:
        """The terms of a text; `rewrites` gathers term → written word for synonyms, first
        writing kept."""
        if len(text) > _SHORT:
            found, written = self._terms(self.normalize.text(text))
        else:
            # Keywords repeat across thousands of documents; a short text is analysed once.
            cached = self._short.get(text)
            if cached is None:
                if len(self._short) >= _PLAN_LIMIT:
                    self._short.clear()
                cached = self._short[text] = self._terms(self.normalize.text(text))
            found, written = cached
        if rewrites is not None:
            for term, word in written:
                rewrites.setdefault(term, word)
        return found

    def tokens(self, text: str) -> tuple[Normalized, list[Token]]:
        normalized = self.normalize(text)
        tokens = [
            Token(term.term, start + first, start + last, term.sub)
            for word, start in self.tokenizer.words(normalized.text)
            for term, (first, last) in zip(*self._plan(word)[:2], strict=True)
        ]
        return normalized, tokens

    def keeps(self, term: str) -> bool:
        if term in self.stopwords:
            return False
        if term in self.known:
            return True
        return len(term) > 1 and not _MEASURE.match(term)

    def _terms(self, text: str) -> tuple[list[Term], list[tuple[str, str]]]:
        found: list[Term] = []
        written: list[tuple[str, str]] = []
        for word, _ in self.tokenizer.words(text):
            plan = self._plan(word)
            found.extend(plan[0])
            written.extend(plan[2])
        return found, written

    def _plan(self, word: str) -> _Plan:
        plan = self._plans.get(word)
        if plan is None:
            if len(self._plans) >= _PLAN_LIMIT:
                self._plans.clear()
            parts = list(self._make_plan(word))
            plan = self._plans[word] = (
                tuple(Term(term, sub) for term, _, _, sub in parts),
                tuple((first, last) for _, first, last, _ in parts),
                tuple((term, word) for term, _, _, _ in parts if term not in word),
            )
        return plan

    def _make_plan(self, word: str) -> Iterator[tuple[str, int, int, bool]]:
        if not _WORDY.search(word):
            return
        mapped = self.synonyms.get(word)
        for term in mapped or (word,):
            if self.keeps(term):
                yield term, 0, len(word), False
            if len(term) > 2 and _CJK.match(term):
                # A rewritten word is quoted whole: its parts were never in the text, and only
                # parts the domain knows count (长寿 is no part of 长寿命 worth keeping).
                yield from self._parts(term, len(word) if mapped else None)

    def _parts(self, word: str, whole: int | None) -> Iterator[tuple[str, int, int, bool]]:
        """Dictionary words inside a longer word, as jieba's search mode finds them."""
        freq = self.tokenizer.FREQ
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i : i + size]
                common = size == 2 and whole is None and freq.get(part, 0) >= _COMMON
                if part == word or not (part in self.known or common):
                    continue
                first, last = (i, i + size) if whole is None else (0, whole)
                for term in self.synonyms.get(part, (part,)):
                    if self.keeps(term):
                        yield term, first, last, True
