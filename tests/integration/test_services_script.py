"""scripts/services.sh: its command-line contract, and a full lifecycle.

The quick tests need no service. The lifecycle test starts a SECOND, private set
of services (a temporary SERVICES_DIR, free ports) so it never touches the shared
ones the other tests use; it costs about a minute and a 512 MB broker JVM.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "services.sh"


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_env() -> Iterator[dict[str, str]]:
    """Environment pointing the script at its own state folder and free ports.

    Not pytest's tmp_path: that is mode 0700 under root, and PostgreSQL runs as
    the `postgres` user, which must be able to reach its data folder.
    """
    state = Path(tempfile.mkdtemp(prefix="mengke-services-test-"))
    state.chmod(0o755)
    env = dict(os.environ)
    env.update(
        SERVICES_DIR=str(state),
        KAFKA_PORT=str(free_port()),
        KAFKA_CONTROLLER_PORT=str(free_port()),
        REDIS_PORT=str(free_port()),
        PG_PORT=str(free_port()),
    )
    yield env
    shutil.rmtree(state, ignore_errors=True)


def test_script_parses() -> None:
    assert subprocess.run(["bash", "-n", str(SCRIPT)], check=False).returncode == 0


def test_env_prints_exports_for_the_configured_ports(private_env: dict[str, str]) -> None:
    result = run("env", env=private_env)
    assert result.returncode == 0, result.stderr
    e = private_env
    assert result.stdout.splitlines() == [
        f"export MENGKE_KAFKA__BOOTSTRAP_SERVERS=127.0.0.1:{e['KAFKA_PORT']}",
        f"export MENGKE_TEST_REDIS_URL=redis://127.0.0.1:{e['REDIS_PORT']}/0",
        "export MENGKE_TEST_POSTGRES_URL=postgresql+psycopg://mengke:mengke@127.0.0.1:"
        f"{e['PG_PORT']}/mengke_test",
    ]


def test_env_defaults() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"KAFKA_PORT", "REDIS_PORT", "PG_PORT"}}
    assert run("env", env=env).stdout.splitlines() == [
        "export MENGKE_KAFKA__BOOTSTRAP_SERVERS=127.0.0.1:9092",
        "export MENGKE_TEST_REDIS_URL=redis://127.0.0.1:6379/0",
        "export MENGKE_TEST_POSTGRES_URL=postgresql+psycopg://mengke:mengke@127.0.0.1:5432/mengke_test",
    ]


def test_status_of_nothing_started_is_all_down(private_env: dict[str, str]) -> None:
    result = run("status", env=private_env)
    assert result.returncode == 1
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [
        ["kafka", "down"],
        ["redis", "down"],
        ["postgres", "down"],
    ]


def test_down_of_nothing_started_is_harmless(private_env: dict[str, str]) -> None:
    assert run("down", env=private_env).returncode == 0


@pytest.mark.parametrize("args", [("up", "nosuch"), ("frobnicate",), ()])
def test_bad_usage_fails(private_env: dict[str, str], args: tuple[str, ...]) -> None:
    assert run(*args, env=private_env).returncode != 0


def test_up_refuses_a_port_held_by_someone_else(private_env: dict[str, str]) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        env = {**private_env, "REDIS_PORT": str(holder.getsockname()[1])}
        result = run("up", "redis", env=env)
    assert result.returncode != 0
    assert "already taken" in result.stderr


# ------------------------------------------------------------ full lifecycle


def pids(env: dict[str, str]) -> dict[str, int]:
    state = Path(env["SERVICES_DIR"])
    files = {
        "kafka": state / "kafka" / "kafka.pid",
        "redis": state / "redis" / "redis.pid",
        "postgres": state / "postgres" / "data" / "postmaster.pid",
    }
    return {name: int(f.read_text().split()[0]) for name, f in files.items() if f.exists()}


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie awaiting its reaper."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_dead(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def started(private_env: dict[str, str]) -> Iterator[dict[str, str]]:
    result = run("up", env=private_env, timeout=900)
    try:
        assert result.returncode == 0, result.stderr
        yield private_env
    finally:
        run("down", env=private_env, timeout=180)


def kafka_roundtrip(bootstrap: str) -> str:
    from kafka import KafkaConsumer, KafkaProducer

    topic = f"services-script-{uuid.uuid4().hex[:8]}"
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    producer.send(topic, key=b"k", value="蒙科".encode()).get(timeout=30)
    producer.close()
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"g-{topic}",
        auto_offset_reset="earliest",
        consumer_timeout_ms=30_000,
    )
    try:
        return next(iter(consumer)).value.decode()
    finally:
        consumer.close()


@pytest.mark.timeout(900)
def test_lifecycle(started: dict[str, str]) -> None:
    import redis
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError
    from sqlalchemy import create_engine, text

    env = started
    exports = dict(
        line.removeprefix("export ").split("=", 1)
        for line in run("env", env=env).stdout.splitlines()
    )

    # All three answer, with the URLs `env` prints.
    assert kafka_roundtrip(exports["MENGKE_KAFKA__BOOTSTRAP_SERVERS"]) == "蒙科"
    assert redis.Redis.from_url(exports["MENGKE_TEST_REDIS_URL"]).ping()
    engine = create_engine(exports["MENGKE_TEST_POSTGRES_URL"])
    with engine.connect() as connection:
        assert connection.execute(text("select current_user")).scalar() == "mengke"
    engine.dispose()
    assert run("status", env=env).returncode == 0

    # `up` again reuses every running service.
    before = pids(env)
    assert set(before) == {"kafka", "redis", "postgres"}
    assert run("up", env=env, timeout=300).returncode == 0
    assert pids(env) == before

    # A killed broker is a broker clients cannot reach, and `status` says so.
    os.kill(before["kafka"], signal.SIGKILL)
    assert wait_dead(before["kafka"])
    with pytest.raises(KafkaError):
        KafkaAdminClient(
            bootstrap_servers=exports["MENGKE_KAFKA__BOOTSTRAP_SERVERS"],
            request_timeout_ms=3000,
            bootstrap_timeout_ms=3000,
        )
    status = run("status", env=env)
    assert status.returncode == 1
    assert status.stdout.splitlines()[0].split()[:2] == ["kafka", "down"]

    # `up` restarts only what is missing, on the existing data.
    assert run("up", env=env, timeout=300).returncode == 0
    after = pids(env)
    assert after["redis"] == before["redis"] and after["postgres"] == before["postgres"]
    assert after["kafka"] != before["kafka"]
    assert kafka_roundtrip(exports["MENGKE_KAFKA__BOOTSTRAP_SERVERS"]) == "蒙科"

    # `down` stops exactly those processes; `up` from the stopped state works.
    assert run("down", env=env, timeout=180).returncode == 0
    assert all(wait_dead(pid) for pid in after.values())
    assert run("status", env=env).returncode == 1
    assert run("up", env=env, timeout=300).returncode == 0
    assert run("status", env=env).returncode == 0
