"""The policy engine's hook in the matching consumer, called after a policy is upserted, in
the consumer's transaction: a policy closing within 7 days is pushed at once to the
subscribers who qualify; every other policy waits for their next digest (the scheduler
finds it in the database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from matcher.eligibility.model import PolicyDoc
from mengke.events import CHINA_TZ, Envelope
from mengke.pushes.service import push_urgent
from storage import models


def on_policy_published(
    session: Session,
    policy: models.Policy,
    publish: Callable[[Envelope], None],
    now: datetime | None = None,
) -> int:
    """Returns how many urgent pushes were recorded and published."""
    return push_urgent(session, PolicyDoc.of(policy), publish, now or datetime.now(CHINA_TZ))
