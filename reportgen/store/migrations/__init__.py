"""Alembic migrations of the period store, run programmatically by reportgen.store.engine."""
