"""The event contract of DESIGN.md: topics, the envelope, and one model per payload."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
)

ACHIEVEMENTS = "mengke.achievements"
DEMANDS = "mengke.demands"
POLICIES = "mengke.policies"
ENTERPRISES = "mengke.enterprises"
MATCHES = "mengke.matches"
FEEDBACK = "mengke.feedback"
PUSHES = "mengke.pushes"
DLQ = "mengke.dlq"

CHINA_TZ = timezone(timedelta(hours=8))
_EVENT_NAMESPACE = uuid.UUID("6f1c7c4e-8a57-4d0e-9a43-2b1f5d3b6a10")
_LIST_SEPARATORS = re.compile(r"[;；，,、]")


@dataclass(frozen=True)
class Topics:
    """Resolved topic names; a suffix keeps tests and demos apart on one broker."""

    achievements: str = ACHIEVEMENTS
    demands: str = DEMANDS
    policies: str = POLICIES
    enterprises: str = ENTERPRISES
    matches: str = MATCHES
    feedback: str = FEEDBACK
    pushes: str = PUSHES
    dlq: str = DLQ

    @classmethod
    def with_suffix(cls, suffix: str) -> Topics:
        return cls(**{f.name: f.default + suffix for f in fields(cls)})  # type: ignore[operator]

    def all(self) -> list[str]:
        return [getattr(self, f.name) for f in fields(self)]


def _split_list(value: Any) -> Any:
    """Spreadsheet cells hold lists as one string: "钕铁硼；晶界扩散、矫顽力"."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]
    return value


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
TermList = Annotated[list[Term], BeforeValidator(_split_list), Field(max_length=50)]
Optional = BeforeValidator(_blank_to_none)
Money = Annotated[Annotated[float, Field(ge=0, le=10_000_000)] | None, Optional]
OptText = Annotated[
    Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None, Optional
]
OptDate = Annotated[date | None, Optional]

Maturity = Literal["实验室", "小试", "中试", "产业化"]
TransferMode = Literal["转让", "许可", "作价入股", "合作开发", "技术服务"]
Size = Literal["小微", "中型", "大型"]
Direction = Literal["demand→supply", "supply→demand"]
Verdict = Literal["interested", "irrelevant", "claimed", "signed", "failed"]


class Payload(BaseModel):
    # Spreadsheets hand over ids and years as numbers.
    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)

    @property
    def key(self) -> str:
        return str(getattr(self, "id"))  # noqa: B009 - every entity payload has an id


class Achievement(Payload):
    id: Text
    title: Text
    description: LongText = ""
    industry: OptText = None
    keywords: TermList = []
    maturity: Annotated[Maturity | None, Optional] = None
    transfer_mode: Annotated[TransferMode | None, Optional] = None
    owner: OptText = None
    region: OptText = None
    price_wan: Money = None


class Demand(Payload):
    id: Text
    enterprise: OptText = None
    title: Text
    description: LongText = ""
    industry: OptText = None
    keywords: TermList = []
    budget_wan: Money = None
    region: OptText = None
    deadline: OptDate = None
    # Set when the demand comes from the bot: who gets the recommendations.
    contact_user_id: int | None = None
    enterprise_id: OptText = None


class Policy(Payload):
    id: Text
    title: Text
    issuer: OptText = None
    publish_date: OptDate = None
    summary: LongText = ""
    industries: TermList = []
    regions: TermList = []
    eligibility: LongText = ""
    tags: TermList = []
    deadline: OptDate = None
    # Parsed eligibility rules; an operator may supply or correct them in the import file.
    rules: list[dict[str, Any]] | None = None


class Enterprise(Payload):
    id: Text
    name: Text
    region: OptText = None
    industry: OptText = None
    qualifications: TermList = []
    size: Annotated[Size | None, Optional] = None
    rd_ratio: Annotated[Annotated[float, Field(ge=0, le=1)] | None, Optional] = None
    interests: TermList = []
    contact_user_id: int | None = None


class EntityRef(Payload):
    """Payload of withdrawal/closing events: only the id matters."""

    id: Text


class MatchReason(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    demand_term: str
    achievement_term: str
    similarity: float = Field(ge=0, le=100)


class Match(Payload):
    demand_id: Text
    achievement_id: Text
    score: float = Field(ge=0, le=100)
    reasons: list[MatchReason] = []
    factors: dict[str, float] = {}
    direction: Direction

    @property
    def key(self) -> str:
        return self.demand_id


class Feedback(Payload):
    demand_id: Text
    achievement_id: Text
    user_id: int
    verdict: Verdict

    @property
    def key(self) -> str:
        return self.demand_id


class PolicyPush(Payload):
    """Policies owed to one recipient: a digest, an urgent push or a deadline reminder.

    `dedup_key` ("digest:daily:2026-11-21", "reminder7:DP003") makes the outbox row unique,
    which is what caps a subscriber at one digest per period whatever happens upstream.
    """

    recipient_id: int
    policy_ids: list[str] = Field(min_length=1)
    kind: Literal["policy_digest", "policy_urgent", "policy_reminder"]
    dedup_key: Text

    @property
    def key(self) -> str:
        return str(self.recipient_id)


class SubscriptionMatch(Payload):
    """A newly published achievement that covers a user's keyword subscription.

    Carries the title so that it can be shown even before the achievement's row is stored.
    """

    subscription_id: Text
    user_id: int
    achievement_id: Text
    achievement_title: Text
    score: float = Field(ge=0, le=100)
    reasons: list[MatchReason] = []

    @property
    def key(self) -> str:
        return str(self.user_id)


PAYLOADS: dict[str, tuple[str, type[Payload]]] = {
    "achievement.published": (ACHIEVEMENTS, Achievement),
    "achievement.withdrawn": (ACHIEVEMENTS, EntityRef),
    "demand.submitted": (DEMANDS, Demand),
    "demand.closed": (DEMANDS, EntityRef),
    "policy.published": (POLICIES, Policy),
    "enterprise.registered": (ENTERPRISES, Enterprise),
    "enterprise.updated": (ENTERPRISES, Enterprise),
    "match.recommended": (MATCHES, Match),
    "match.feedback": (FEEDBACK, Feedback),
    "policy.pushed": (PUSHES, PolicyPush),
    "subscription.matched": (MATCHES, SubscriptionMatch),
}
EventType = Literal[
    "achievement.published",
    "achievement.withdrawn",
    "demand.submitted",
    "demand.closed",
    "policy.published",
    "enterprise.registered",
    "enterprise.updated",
    "match.recommended",
    "match.feedback",
    "policy.pushed",
    "subscription.matched",
]


class ContractError(ValueError):
    """A message that breaks the contract; `field` names where, the message says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    type: EventType
    version: int = 1
    occurred_at: datetime
    source: str
    payload: dict[str, Any]
    # The envelope is frozen, so its payload is validated once, however often it is asked for.
    _parsed: Payload | None = PrivateAttr(default=None)

    def parsed(self) -> Payload:
        """The payload validated against the model its type names."""
        if self._parsed is None:
            self._parsed = validate_payload(self.type, self.payload)
        return self._parsed

    @property
    def base_topic(self) -> str:
        return PAYLOADS[self.type][0]


def _first_error(exc: ValidationError, prefix: str = "") -> ContractError:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "(root)"
    return ContractError(prefix + field, error["msg"])


def validate_payload(event_type: str, payload: dict[str, Any]) -> Payload:
    if event_type not in PAYLOADS:
        raise ContractError("type", f"unknown event type {event_type!r}")
    model = PAYLOADS[event_type][1]
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise _first_error(exc, "payload.") from exc


def content_event_id(event_type: str, payload: Payload) -> str:
    """Same entity, same content, same id: reimporting a file publishes nothing new."""
    canonical = json.dumps(
        payload.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return str(uuid.uuid5(_EVENT_NAMESPACE, f"{event_type}\n{canonical}"))


def new_event(
    event_type: EventType,
    payload: Payload,
    source: str,
    *,
    event_id: str | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    envelope = Envelope(
        event_id=event_id or str(uuid.uuid4()),
        type=event_type,
        occurred_at=occurred_at or datetime.now(CHINA_TZ),
        source=source,
        payload=payload.model_dump(mode="json"),
    )
    if type(payload) is PAYLOADS[event_type][1]:
        envelope._parsed = payload  # validated when it was made: its dump needs no second check
    return envelope


def encode(envelope: Envelope) -> bytes:
    return envelope.model_dump_json().encode("utf-8")


def decode(raw: bytes) -> Envelope:
    """Bytes → envelope with a validated payload, or a ContractError naming the field."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContractError("(message)", f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ContractError("(message)", "not a JSON object")
    try:
        envelope = Envelope.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from exc
    if envelope.occurred_at.tzinfo is None:
        raise ContractError("occurred_at", "timezone offset missing")
    envelope.parsed()
    return envelope
