"""Brokers: applying, an admin's decision by command or button, and the scope they cover."""

from __future__ import annotations

from bot.callbacks import BrokerCb, RoleCb
from bot.texts import T
from storage import models
from tests.support.bot_harness import button, texts
from tests.unit.bot.conftest import ADMIN, BROKER, add_brokers

APPLICANT = 310


def sent_to(calls, chat_id: int) -> list:
    return [c for c in calls if c.params.get("chat_id") == chat_id]


async def test_applying_records_a_pending_broker_and_asks_the_admins(harness, sessions):
    calls = await harness.send(APPLICANT, "/broker")

    assert texts(sent_to(calls, APPLICANT)) == [T.BROKER_APPLIED]
    [to_admin] = sent_to(calls, ADMIN)
    assert f"ID {APPLICANT}" in to_admin.text
    assert [label for label, _ in to_admin.buttons] == [T.BTN_APPROVE, T.BTN_REJECT]
    with sessions() as session:
        user = session.get(models.User, APPLICANT)
        assert (user.role, user.broker_status) == ("broker", "pending")
    assert texts(await harness.send(APPLICANT, "/broker")) == [T.BROKER_PENDING]


async def test_the_broker_role_button_of_start_applies_too(harness, sessions):
    await harness.send(APPLICANT, "/start")

    calls = await harness.tap(APPLICANT, RoleCb(role="broker").pack())

    assert T.BROKER_APPLIED in texts(calls)


async def test_approve_is_refused_to_non_admins(harness, sessions):
    await harness.send(APPLICANT, "/broker")

    calls = await harness.send(APPLICANT, f"/approve {APPLICANT}")
    button_calls = await harness.tap(
        APPLICANT, BrokerCb(action="approve", user_id=APPLICANT).pack()
    )

    assert texts(calls) == [T.ADMIN_ONLY]
    assert texts(button_calls) == [T.ADMIN_ONLY]
    with sessions() as session:
        assert session.get(models.User, APPLICANT).broker_status == "pending"


async def test_an_admin_approves_by_command_and_the_broker_is_told(harness, sessions):
    await harness.send(APPLICANT, "/broker")

    calls = await harness.send(ADMIN, f"/approve {APPLICANT}")

    assert texts(sent_to(calls, APPLICANT)) == [T.APPROVED_USER]
    assert "已批准" in texts(sent_to(calls, ADMIN))[0]
    with sessions() as session:
        assert session.get(models.User, APPLICANT).broker_status == "approved"
    assert texts(await harness.send(APPLICANT, "/broker")) == [T.BROKER_ALREADY]


async def test_an_admin_rejects_by_button(harness, sessions):
    calls = await harness.send(APPLICANT, "/broker")

    calls = await harness.tap(ADMIN, button(sent_to(calls, ADMIN), T.BTN_REJECT))

    assert texts(sent_to(calls, APPLICANT)) == [T.REJECTED_USER]
    with sessions() as session:
        user = session.get(models.User, APPLICANT)
        assert (user.role, user.broker_status) == ("enterprise", None)


async def test_approve_explains_its_usage_and_lists_pending_applications(harness):
    await harness.send(APPLICANT, "/broker")

    assert texts(await harness.send(ADMIN, "/approve 张三")) == [T.APPROVE_USAGE]
    assert texts(await harness.send(ADMIN, "/approve 777")) == [
        T.APPROVE_NOT_FOUND.format(user_id=777)
    ]
    listing = await harness.send(ADMIN, "/approve")
    assert texts(listing)[0] == T.APPROVE_PENDING_HEADER
    assert [label for label, _ in listing[1].buttons] == [T.BTN_APPROVE, T.BTN_REJECT]


async def test_scope_is_for_approved_brokers_and_saves_industries_and_regions(harness, sessions):
    assert texts(await harness.send(APPLICANT, "/scope")) == [T.BROKER_ONLY]
    add_brokers(sessions, BROKER)

    calls = await harness.send(BROKER, "/scope")
    calls = await harness.tap(BROKER, button(calls, "新能源"))
    calls = await harness.tap(BROKER, button(calls, "煤化工"))
    calls = await harness.tap(BROKER, button(calls, "新能源"))  # a second tap deselects
    calls = await harness.tap(BROKER, button(calls, T.BTN_DONE))
    calls = await harness.tap(BROKER, button(calls, T.BTN_DONE))

    assert "行业：煤化工\n地区：不限" in texts(calls)[-1]
    with sessions() as session:
        scope = session.get(models.BrokerScope, BROKER)
        assert (scope.industries, scope.regions) == (["煤化工"], [])
