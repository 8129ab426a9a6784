"""Persistence: SQLAlchemy models, sessions, Alembic migrations and the Redis helpers."""
