"""The store: SQLAlchemy models, engine/session helpers and Alembic migrations."""
