import re

from mengke.settings import Settings
from tests.support.paths import REPO_ROOT
from tests.support.settings_names import env_names


def test_env_example_documents_every_setting_and_nothing_else():
    text = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^(MENGKE_[A-Z0-9_]+)=", text, flags=re.MULTILINE))
    assert documented == env_names(Settings)


def test_env_example_loads_as_the_defaults():
    assert Settings(_env_file=REPO_ROOT / ".env.example") == Settings(_env_file=None)


def test_nested_variables_and_secrets(monkeypatch):
    monkeypatch.setenv("MENGKE_BOT__TOKEN", "123:very-secret")
    monkeypatch.setenv("MENGKE_BOT__ADMIN_IDS", "[1, 2]")
    monkeypatch.setenv("MENGKE_KAFKA__PARTITIONS", "8")
    settings = Settings(_env_file=None)
    assert settings.bot.admin_ids == [1, 2]
    assert settings.kafka.partitions == 8
    assert settings.bot.token.get_secret_value() == "123:very-secret"
    assert "very-secret" not in repr(settings) + str(settings.model_dump())
