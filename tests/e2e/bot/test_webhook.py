"""The webhook mode: Telegram posts updates to our HTTP endpoint instead of being polled."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

from pydantic import SecretStr

from bot.texts import T
from tests.support.bot_e2e import BotProcess, Chat, eventually
from tests.support.pipeline import fresh_matcher

SECRET = "s3cret-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(url: str, update: dict, secret: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except urllib.error.URLError:
        return 0  # not listening yet


def help_update(user_id: int) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "张三"}
    message = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": user,
        "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }
    return {"update_id": 1, "message": message}


def test_updates_posted_to_the_webhook_are_answered_and_forgeries_refused(fake_bot_api, context):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    context.settings.bot = context.settings.bot.model_copy(
        update={
            "mode": "webhook",
            "webhook_url": url,
            "webhook_listen": f"127.0.0.1:{port}",
            "webhook_secret": SecretStr(SECRET),
        }
    )
    process = BotProcess(context, fresh_matcher()).start()
    try:
        eventually(lambda: post(url, help_update(1201), "forged") == 401)
        [registered] = fake_bot_api.calls("setWebhook")
        assert registered.params["url"] == url

        assert post(url, help_update(1201), SECRET) == 200
        assert T.HELP in Chat(fake_bot_api, 1201).expect("可用命令").params["text"]
    finally:
        process.close()
