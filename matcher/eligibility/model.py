"""The two records eligibility works on; callers convert their own types into these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Profile:
    """An enterprise as policies see it. `rd_ratio` 0.035 = 3.5%; None = unknown."""

    id: str
    name: str = ""
    region: str | None = None
    industry: str | None = None
    qualifications: tuple[str, ...] = ()
    size: str | None = None
    rd_ratio: float | None = None
    interests: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: Any) -> Profile:
        """From anything with an enterprise's attributes: an event payload or a stored row."""
        return cls(
            id=record.id,
            name=record.name or "",
            region=record.region,
            industry=record.industry,
            qualifications=tuple(record.qualifications or ()),
            size=record.size,
            rd_ratio=record.rd_ratio,
            interests=tuple(record.interests or ()),
        )


@dataclass(frozen=True)
class PolicyDoc:
    """A policy; `rules`, when an operator supplied them, replace the parsed ones."""

    id: str
    title: str
    summary: str = ""
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    eligibility: str = ""
    tags: tuple[str, ...] = ()
    deadline: date | None = None
    issuer: str | None = None
    rules: tuple[dict[str, Any], ...] | None = field(default=None, hash=False)

    @classmethod
    def of(cls, record: Any) -> PolicyDoc:
        """From anything with a policy's attributes: an event payload or a stored row."""
        rules = record.rules
        return cls(
            id=record.id,
            title=record.title,
            summary=record.summary or "",
            industries=tuple(record.industries or ()),
            regions=tuple(record.regions or ()),
            eligibility=record.eligibility or "",
            tags=tuple(record.tags or ()),
            deadline=record.deadline,
            issuer=record.issuer,
            rules=None if rules is None else tuple(rules),
        )

    @property
    def scope_text(self) -> str:
        """Everything that says what the policy is about: what interests are checked against."""
        return "\n".join([self.title, self.summary, self.eligibility, *self.tags])
