"""Analysis of a ledger: statistics and name checks, pure functions of the model."""
from reportgen.analysis.stats import Stats, StatusCount, apply_overrides, compute, largest_remainder

__all__ = ["Stats", "StatusCount", "apply_overrides", "compute", "largest_remainder"]
