import pytest
from kafka.errors import KafkaConnectionError, TopicAuthorizationFailedError

from mengke.bus.kafka import KafkaBus
from mengke.events import Topics
from mengke.settings import KafkaSettings
from tests.support.bus_contract import CONTRACT, drain
from tests.support.pipeline_services import consumer_groups


@pytest.fixture
def kafka_bus(kafka_bootstrap, unique):
    bus = KafkaBus(
        KafkaSettings(bootstrap_servers=kafka_bootstrap, partitions=3),
        Topics.with_suffix(f".{unique}"),
    )
    yield bus
    bus.close()


@pytest.mark.parametrize("behaviour", CONTRACT, ids=lambda f: f.__name__)
def test_kafka_bus_keeps_the_bus_contract(behaviour, kafka_bus, unique):
    topic = f"contract.{unique}"
    kafka_bus.ensure_topics([topic])
    behaviour(kafka_bus, topic, f"g.{unique}")


def test_ensure_topics_creates_every_topic_with_the_configured_partitions(kafka_bus):
    from kafka import KafkaConsumer

    kafka_bus.ensure_topics()
    kafka_bus.ensure_topics()  # a second start finds them and goes on
    probe = KafkaConsumer(bootstrap_servers=kafka_bus._settings.bootstrap_servers)
    try:
        for topic in kafka_bus.topics.all():
            assert len(probe.partitions_for_topic(topic) or ()) == 3
    finally:
        probe.close()


def test_only_an_ephemeral_group_leaves_the_broker_when_its_consumer_closes(kafka_bus, unique):
    topic = f"groups.{unique}"
    kafka_bus.ensure_topics([topic])
    kafka_bus.publish(topic, "k", b"v")
    kafka_bus.flush()
    names = {True: f"g.{unique}.ephemeral", False: f"g.{unique}.kept"}
    for ephemeral, name in names.items():
        consumer = kafka_bus.consumer([topic], name, ephemeral=ephemeral)
        consumer.commit(drain(consumer, 1))
        consumer.close()
    groups = consumer_groups(kafka_bus._settings.bootstrap_servers, f"g.{unique}")
    assert names[False] in groups
    assert names[True] not in groups


@pytest.mark.parametrize(
    ("error", "survives"),
    [(KafkaConnectionError("connection reset"), True), (TopicAuthorizationFailedError(), False)],
    ids=["retriable", "not-retriable"],
)
def test_a_poll_the_client_fails_is_polled_again_only_when_kafka_calls_it_retriable(
    kafka_bus, unique, monkeypatch, error, survives
):
    """The moment a broker goes away mid-request cannot be timed from outside, so the client's
    own poll is made to fail the way kafka-python fails then."""
    topic = f"polls.{unique}"
    kafka_bus.ensure_topics([topic])
    consumer = kafka_bus.consumer([topic], f"g.{unique}", ephemeral=True)

    def failing(**_: object) -> None:
        raise error

    monkeypatch.setattr(consumer._consumer, "poll", failing)
    try:
        if survives:
            assert consumer.poll(timeout_s=0.1) == []
        else:
            with pytest.raises(type(error)):
                consumer.poll(timeout_s=0.1)
    finally:
        monkeypatch.undo()
        consumer.close()
