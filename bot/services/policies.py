"""The policies an enterprise qualifies for (ranked), its near misses, and one policy's detail."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from matcher.eligibility.evaluate import Evaluation, evaluate
from matcher.eligibility.model import PolicyDoc, Profile
from matcher.eligibility.ranking import PolicyMatches, Ranker, match_policies
from mengke.events import CHINA_TZ
from mengke.pushes.records import open_policies
from storage import models


@dataclass(frozen=True)
class Overview:
    enterprise: str
    today: date
    matches: PolicyMatches


@dataclass(frozen=True)
class Detail:
    policy: PolicyDoc
    evaluation: Evaluation
    today: date


class PolicyService:
    """`ranker_factory` is called once, on first use: building the ranker's dictionaries takes
    a second, which only users of /policies should wait for."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        ranker_factory: Callable[[], Ranker] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(CHINA_TZ),
    ) -> None:
        self._sessions = sessions
        self._ranker_factory = ranker_factory
        self._ranker: Ranker | None = None
        self._lock = threading.Lock()
        self._clock = clock

    def _ranking(self) -> Ranker | None:
        with self._lock:
            if self._ranker is None and self._ranker_factory is not None:
                self._ranker = self._ranker_factory()
            return self._ranker

    @off_loop
    def overview(self, enterprise_id: str) -> Overview | None:
        """None while the enterprise's profile is not stored yet."""
        today = self._clock().date()
        with self._sessions() as session:
            enterprise = session.get(models.Enterprise, enterprise_id)
            if enterprise is None:
                return None
            profile, policies = Profile.of(enterprise), open_policies(session, today)
        return Overview(profile.name, today, match_policies(profile, policies, self._ranking()))

    @off_loop
    def detail(self, enterprise_id: str, policy_id: str) -> Detail | None:
        with self._sessions() as session:
            enterprise = session.get(models.Enterprise, enterprise_id)
            policy = session.get(models.Policy, policy_id)
            if enterprise is None or policy is None:
                return None
            doc, profile = PolicyDoc.of(policy), Profile.of(enterprise)
        return Detail(doc, evaluate(doc, profile), self._clock().date())
