"""Loaders by file type: a registry from file suffix to the function that reads a ledger."""
