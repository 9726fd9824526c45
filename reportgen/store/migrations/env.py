"""Alembic environment: runs the migrations on the connection that reportgen.store passes in."""
from __future__ import annotations

from alembic import context

from reportgen.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
