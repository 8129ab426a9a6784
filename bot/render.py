"""Notifications and views → Telegram HTML and buttons. Every user-supplied value is escaped."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from aiogram.types import InlineKeyboardMarkup

from bot import keyboards
from bot.cards import (
    AchievementCard,
    MatchCard,
    PolicyPushCard,
    Reason,
    SubscriptionAlertCard,
)
from bot.texts import T
from mengke.channel import OutgoingMessage

Rendered = tuple[str, InlineKeyboardMarkup | None]


def esc(value: object) -> str:
    """Escaped text of a value; None and blanks read as "not stated"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return T.UNKNOWN
    return html.escape(str(value), quote=False)


def joined(values: Iterable[str], empty: str = T.NONE_SELECTED) -> str:
    items = [esc(v) for v in values]
    return "、".join(items) if items else empty


def money(amount: float | None) -> str:
    if amount is None:
        return T.PRICE_NEGOTIABLE
    return T.BUDGET_VALUE.format(amount=f"{amount:g}")


def achievement_summary(card: AchievementCard) -> list[str]:
    return [
        f"<b>{esc(card.title)}</b>",
        T.CARD_OWNER.format(value=esc(card.owner)),
        T.CARD_REGION.format(value=esc(card.region)),
        T.CARD_MATURITY.format(value=esc(card.maturity)),
        T.CARD_TRANSFER.format(value=esc(card.transfer_mode)),
    ]


def achievement_detail(card: AchievementCard) -> str:
    lines = [
        *achievement_summary(card),
        T.CARD_INDUSTRY.format(value=esc(card.industry)),
        T.CARD_PRICE.format(value=money(card.price_wan)),
        T.CARD_KEYWORDS.format(value=joined(card.keywords, T.UNKNOWN)),
    ]
    if card.description.strip():
        lines += ["", esc(card.description)]
    return "\n".join(lines)


def _reason(reason: Reason) -> str:
    if reason.demand_term == reason.achievement_term:
        return esc(reason.demand_term)
    return f"{esc(reason.demand_term)}≈{esc(reason.achievement_term)}"


def reasons_text(reasons: list[Reason]) -> str:
    terms = list(dict.fromkeys(_reason(r) for r in reasons))
    return T.REASONS.format(reasons="、".join(terms[:8]) if terms else T.REASONS_NONE)


def score_text(score: float) -> str:
    return T.SCORE.format(score=round(score))


def recommendation_text(card: MatchCard) -> str:
    return "\n".join(
        [
            T.RECOMMENDATION_HEADER.format(demand=esc(card.demand.title)),
            *achievement_summary(card.achievement),
            score_text(card.score),
            reasons_text(card.reasons),
        ]
    )


def broker_status(card: MatchCard, viewer_id: int | None) -> str:
    if card.status == "claimed" and viewer_id is not None and card.claimed_by == viewer_id:
        return T.CLAIMED_BY_YOU
    return T.MATCH_STATUS.get(card.status, card.status)


def broker_alert_text(card: MatchCard, viewer_id: int | None = None) -> str:
    demand, achievement = card.demand, card.achievement
    return "\n".join(
        [
            T.BROKER_ALERT_HEADER,
            T.ALERT_DEMAND.format(
                title=esc(demand.title),
                enterprise=esc(demand.enterprise),
                region=esc(demand.region),
            ),
            T.ALERT_ACHIEVEMENT.format(title=esc(achievement.title), owner=esc(achievement.owner)),
            score_text(card.score),
            reasons_text(card.reasons),
            T.STATUS_LINE.format(status=broker_status(card, viewer_id)),
        ]
    )


def broker_alert(card: MatchCard, viewer_id: int | None = None) -> Rendered:
    markup = keyboards.broker_actions(card.match_id, card.status, card.achievement.id)
    return broker_alert_text(card, viewer_id), markup


def _recommendation(payload: dict) -> Rendered:
    card = MatchCard.model_validate(payload)
    return recommendation_text(card), keyboards.recommendation(card.match_id, card.achievement.id)


def _broker_alert(payload: dict) -> Rendered:
    return broker_alert(MatchCard.model_validate(payload))


def _subscription_alert(payload: dict) -> Rendered:
    card = SubscriptionAlertCard.model_validate(payload)
    header = T.SUBSCRIPTION_ALERT_HEADER.format(keywords=joined(card.keywords))
    text = "\n".join([header, *achievement_summary(card.achievement)])
    return text, keyboards.achievement_detail(card.achievement.id)


def _policies(header: str) -> Callable[[dict], Rendered]:
    def render(payload: dict) -> Rendered:
        card = PolicyPushCard.model_validate(payload)
        lines = [header.format(count=len(card.policies))]
        for index, policy in enumerate(card.policies, 1):
            deadline = policy.deadline.isoformat() if policy.deadline else T.POLICY_OPEN_ENDED
            lines.append(
                T.POLICY_LINE.format(
                    index=index,
                    title=esc(policy.title),
                    issuer=esc(policy.issuer),
                    deadline=deadline,
                )
            )
        return "\n".join(lines), None

    return render


def _broadcast(payload: dict) -> Rendered:
    return T.BROADCAST_FROM.format(text=esc(payload["text"])), None


_RENDERERS: dict[str, Callable[[dict], Rendered]] = {
    "recommendation": _recommendation,
    "broker_alert": _broker_alert,
    "subscription_alert": _subscription_alert,
    "policy_digest": _policies(T.POLICY_DIGEST_HEADER),
    "policy_urgent": _policies(T.POLICY_URGENT_HEADER),
    "policy_reminder": _policies(T.POLICY_REMINDER_HEADER),
    "broadcast": _broadcast,
}


def render_message(message: OutgoingMessage) -> Rendered:
    """HTML text and buttons for a notification; a malformed payload raises ValidationError."""
    return _RENDERERS[message.kind](message.payload)
