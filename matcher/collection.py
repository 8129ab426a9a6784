"""One searchable collection (the achievements, or the open demands): its index, its records,
the columns scoring reads, and what explanations need."""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.columns import Columns
from matcher.config import MatchConfig
from matcher.fuzzy import FuzzyVocabulary
from matcher.index import TermIndex
from matcher.keywords import Analyzed, Profile
from matcher.model import Achievement, Demand
from matcher.traits import Traits

Record = Achievement | Demand


def new_index(config: MatchConfig) -> TermIndex:
    return TermIndex(FuzzyVocabulary(config.fuzzy_cutoff, config.fuzzy_min_length))


@dataclass
class Collection:
    index: TermIndex
    records: dict[str, Record] = field(default_factory=dict)
    columns: Columns = field(default_factory=Columns)
    # id → {term: word} for the profile terms a document wrote as a synonym
    rewrites: dict[str, dict[str, str]] = field(default_factory=dict)

    def put(
        self, record: Record, item: Analyzed, profile: Profile, mass: float, traits: Traits
    ) -> None:
        slot = self.index.add(record.id, profile, mass)
        self.records[record.id] = record
        self.columns.put(slot, traits, item.headline())
        held = set(profile.terms)
        rewrites = {term: word for term, word in item.rewrites.items() if term in held}
        if rewrites:
            self.rewrites[record.id] = rewrites

    def forget(self, doc_id: str) -> Record | None:
        self.rewrites.pop(doc_id, None)
        self.index.remove(doc_id)
        return self.records.pop(doc_id, None)

    def at(self, slot: int) -> Record:
        return self.records[self.index.doc_id(slot)]
