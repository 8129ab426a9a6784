"""Which failures are the message's fault (dead-letter it) and which the world's (retry)."""

from __future__ import annotations

import redis
from kafka.errors import KafkaError
from sqlalchemy import exc as sa_exc


class PermanentError(Exception):
    """This message can never be handled as it is: it goes to the DLQ."""


class TransientError(Exception):
    """Something the message needs is unavailable for now: retry, never dead-letter."""


class GaveUp(Exception):
    """A transient failure outlasted the retry budget: the process should exit non-zero."""


# OperationalError covers a database that is down, locked or restarting; DisconnectionError a
# pooled connection gone stale. Neither says anything about the message.
_TRANSIENT = (
    TransientError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    redis.ConnectionError,
    redis.TimeoutError,
    KafkaError,
)


def is_transient(error: BaseException) -> bool:
    return isinstance(error, _TRANSIENT)
