"""docker-compose.yml and the Dockerfile, checked without a Docker engine (there is none on
the build machines): the file against the Compose Specification, and all it names against
this code. `tests/e2e/foundation/test_demo.py` installs what the Dockerfile copies."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import jsonschema
import pytest
import typer
import yaml
from typer.testing import CliRunner

from mengke.cli import app
from mengke.settings import Settings
from tests.support.image import copies
from tests.support.paths import REPO_ROOT
from tests.support.settings_names import env_names

# schema/compose-spec.json of github.com/compose-spec/compose-spec at 170098b (Apache-2.0).
SCHEMA = REPO_ROOT / "tests" / "support" / "data" / "compose-spec.json"
COMPOSE: dict[str, Any] = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text("utf-8"))
# The services built from this repository's image; the others are Kafka, Redis and PostgreSQL.
OURS = {name: service for name, service in COMPOSE["services"].items() if "build" in service}


def test_the_compose_file_follows_the_compose_specification() -> None:
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text("utf-8")))
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(COMPOSE)
    ]
    assert errors == []
    assert set(OURS) == {"migrate", "matcher", "notifier", "bot", "scheduler"}


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_service_of_the_image_runs_a_command_the_cli_has(name: str) -> None:
    command = OURS[name]["command"]
    found = typer.main.get_command(app)
    for word in command:
        found = getattr(found, "commands", {}).get(word)
        assert found is not None, f"{name}: `mengke {' '.join(command)}` is no command"
    assert not hasattr(found, "commands"), f"{name}: `{' '.join(command)}` is a command group"
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_variable_a_service_sets_is_a_setting(name: str) -> None:
    environment = OURS[name]["environment"]
    assert set(environment) <= env_names(Settings)
    settings = Settings(_env_file=None, **_nested(environment))
    assert settings.bus == "kafka"
    assert settings.db.url.get_secret_value().startswith("postgresql+psycopg://")


def _nested(environment: dict[str, str]) -> dict[str, Any]:
    """MENGKE_DB__URL=… → {"db": {"url": …}}, as pydantic-settings reads the environment."""
    values: dict[str, Any] = {}
    for variable, value in environment.items():
        *sections, field = variable.removeprefix("MENGKE_").lower().split("__")
        target = values
        for section in sections:
            target = target.setdefault(section, {})
        target[field] = value
    return values


def test_the_healthchecks_ask_the_port_the_processes_serve_metrics_on() -> None:
    for name in ("matcher", "notifier", "bot", "scheduler"):
        service = OURS[name]
        port = service["environment"]["MENGKE_METRICS_PORT"]
        assert f"127.0.0.1:{port}/healthz" in " ".join(service["healthcheck"]["test"]), name


def test_replicated_services_leave_each_process_its_own_instance_id() -> None:
    # Two matchers with one id would share a replica group and each see half the achievements.
    for name, service in OURS.items():
        if service.get("deploy", {}).get("replicas", 1) > 1:
            assert "MENGKE_MATCHER__INSTANCE_ID" not in service["environment"], name


def test_the_image_copies_every_package_the_project_installs() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = project["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {pattern.rstrip("*") for pattern in patterns}
    copied = {source for sources, _ in copies() for source in sources}
    assert packages <= copied
