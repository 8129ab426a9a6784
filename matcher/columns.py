"""Per-slot columns of an index (traits and headlines), read in bulk while ranking."""

from __future__ import annotations

from dataclasses import astuple
from typing import NamedTuple

import numpy as np

from matcher.traits import Traits


class TraitArrays(NamedTuple):
    """The fields of Traits, in the same order, one array entry per document."""

    industry: np.ndarray
    region: np.ndarray
    home: np.ndarray
    maturity: np.ndarray
    transfer: np.ndarray

    @classmethod
    def of(cls, traits: Traits) -> TraitArrays:
        """One document's traits as length-1 arrays, to broadcast against candidates."""
        return cls(*(np.array([value]) for value in astuple(traits)))


class Columns:
    def __init__(self) -> None:
        self._arrays = TraitArrays(
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0, bool),
            np.zeros(0, np.int8),
            np.zeros(0, np.int64),
        )
        self.headlines: list[str] = []

    def put(self, slot: int, traits: Traits, headline: str) -> None:
        if slot >= len(self._arrays.industry):
            size = max(16, 2 * len(self._arrays.industry), slot + 1)
            self._arrays = TraitArrays(*(np.resize(a, size) for a in self._arrays))
        for array, value in zip(self._arrays, astuple(traits), strict=True):
            array[slot] = value
        self.headlines.extend([""] * (slot + 1 - len(self.headlines)))
        self.headlines[slot] = headline

    def take(self, slots: np.ndarray) -> TraitArrays:
        return TraitArrays(*(array[slots] for array in self._arrays))
