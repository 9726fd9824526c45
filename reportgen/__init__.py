"""reportgen: turn a supervision office's progress ledger into its finished monthly documents."""

__version__ = "0.1.0"
