"""What every command needs: the settings, logging, and a context closed on exit."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mengke.context import Context, build_context
from mengke.settings import Settings


def load_settings() -> Settings:
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    return settings


@contextmanager
def opened_context(settings: Settings | None = None) -> Iterator[Context]:
    context = build_context(settings or load_settings())
    try:
        yield context
    finally:
        context.close()
