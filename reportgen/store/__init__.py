"""The period store: every recorded ledger kept as one period (SQLite file or PostgreSQL).

``tables`` defines the schema, ``queries`` reads and writes it through a caller's Session,
``engine`` resolves where the store lives and migrates it, ``migrations/`` holds the Alembic
revisions. Only reportgen.pipeline uses this package; analysis receives plain Ledgers.
"""
