"""`mengke bot` refuses clearly to start without a token."""

from __future__ import annotations

from typer.testing import CliRunner

from mengke.cli import app


def test_bot_without_a_token_says_which_variable_to_set(monkeypatch):
    monkeypatch.setenv("MENGKE_BOT__TOKEN", "")

    result = CliRunner().invoke(app, ["bot"])

    assert result.exit_code == 2
    assert "MENGKE_BOT__TOKEN" in result.output
