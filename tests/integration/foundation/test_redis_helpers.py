import pytest
import redis

from storage.redis import DedupKey, claim_once, count_hit, create_redis


@pytest.fixture
def client(redis_url):
    connection = create_redis(redis_url)
    yield connection
    connection.close()


def test_claim_once_lets_one_caller_through_until_the_ttl_expires(client, unique):
    key = DedupKey("notify", f"match:{unique}")
    assert claim_once(client, key, ttl_seconds=30) is True
    assert claim_once(client, key, ttl_seconds=30) is False
    assert 0 < client.ttl(str(key)) <= 30
    client.delete(str(key))
    assert claim_once(client, key, ttl_seconds=30) is True


def test_rate_counter_counts_per_window_and_expires(client, unique):
    hits = [count_hit(client, "tg", unique, window_s=10, now=1000.0 + i) for i in range(3)]
    assert hits == [1, 2, 3]
    assert count_hit(client, "tg", unique, window_s=10, now=1010.0) == 1
    assert client.ttl(f"mengke:rate:tg:{unique}:100") > 0


def test_keys_are_namespaced_and_typed():
    assert str(DedupKey("import", "DA001")) == "mengke:dedup:import:DA001"


def test_the_real_server_is_used(redis_url):
    assert isinstance(create_redis(redis_url), redis.Redis)
    assert create_redis(redis_url).ping()
