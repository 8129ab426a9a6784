"""An inverted index term → (slots, field weights) with in-place add and remove.

Postings live in compact `array`s and are read as zero-copy numpy views during a query, so a
100,000-document corpus stays small in memory. Not thread-safe: one writer, queries between.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from matcher.fuzzy import FuzzyVocabulary, Similar
from matcher.keywords import Profile


class TermIndex:
    def __init__(self, vocabulary: FuzzyVocabulary) -> None:
        self._vocabulary = vocabulary
        self._postings: dict[str, tuple[array, array]] = {}
        self._slot_of: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._profiles: list[Profile | None] = []
        self._free: list[int] = []
        self._mass = np.zeros(0, dtype=np.float64)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot_of

    @property
    def capacity(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, profile: Profile, mass: float) -> int:
        """Index a document under its profile terms; `mass` is its total IDF-weighted weight."""
        self.remove(doc_id)
        slot = self._free.pop() if self._free else self._grow()
        self._slot_of[doc_id] = slot
        self._ids[slot] = doc_id
        self._profiles[slot] = profile
        self._mass[slot] = mass
        for term, weight in zip(profile.terms, profile.weights, strict=True):
            entry = self._postings.get(term)
            if entry is None:
                entry = self._postings[term] = (array("i"), array("f"))
                self._vocabulary.add(term)
            entry[0].append(slot)
            entry[1].append(weight)
        return slot

    def remove(self, doc_id: str) -> bool:
        slot = self._slot_of.pop(doc_id, None)
        if slot is None:
            return False
        profile = self._profiles[slot]
        assert profile is not None
        for term in profile.terms:
            slots, weights = self._postings[term]
            position = slots.index(slot)
            del slots[position]
            del weights[position]
            if not slots:
                del self._postings[term]
                self._vocabulary.discard(term)
        self._ids[slot] = None
        self._profiles[slot] = None
        self._mass[slot] = 0.0
        self._free.append(slot)
        return True

    def _grow(self) -> int:
        slot = len(self._ids)
        self._ids.append(None)
        self._profiles.append(None)
        if slot >= len(self._mass):
            grown = np.zeros(max(16, 2 * len(self._mass)), dtype=np.float64)
            grown[: len(self._mass)] = self._mass
            self._mass = grown
        return slot

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Slots and field weights of an indexed term (views: use them before the next write)."""
        slots, weights = self._postings[term]
        return np.frombuffer(slots, dtype=np.int32), np.frombuffer(weights, dtype=np.float32)

    def similar(self, term: str) -> Similar:
        return self._vocabulary.similar(term)

    def terms(self) -> Iterator[str]:
        return iter(self._postings)

    def doc_id(self, slot: int) -> str:
        doc_id = self._ids[slot]
        assert doc_id is not None
        return doc_id

    def slots(self, doc_ids: Iterable[str]) -> np.ndarray:
        """The slots of those documents that are indexed."""
        found = [self._slot_of[d] for d in doc_ids if d in self._slot_of]
        return np.array(found, dtype=np.int64)

    def profile(self, slot: int) -> Profile:
        profile = self._profiles[slot]
        assert profile is not None
        return profile

    @property
    def mass(self) -> np.ndarray:
        return self._mass

    def reweigh(self, idf: Callable[[str], float]) -> None:
        """Recompute every document's mass after the IDF table has moved."""
        mass = np.zeros_like(self._mass)
        for term, (slots, weights) in self._postings.items():
            view = np.frombuffer(slots, dtype=np.int32)
            mass[view] += np.frombuffer(weights, dtype=np.float32) * idf(term)
        self._mass = mass
