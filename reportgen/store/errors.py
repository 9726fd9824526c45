"""The period store's errors, in the reportgen hierarchy (printed in Chinese, exit status 5)."""
from __future__ import annotations

from reportgen.errors import DataError, OutputError


class StoreError(OutputError):
    """The history database cannot be opened, read or written."""


class StoreMissingError(StoreError):
    """A reading command met a SQLite history file that does not exist yet."""


class PeriodExistsError(OutputError):
    """The period is already recorded; recording it again needs ``--replace`` on the command
    line, which the message names; a front end with another way says so (``with_remedy``)."""

    def __init__(self, what: str, remedy: str = "请加 --replace") -> None:
        super().__init__(f"{what}，{remedy}")
        self.what = what

    def with_remedy(self, remedy: str) -> PeriodExistsError:
        """The same refusal, ending with ``remedy`` instead of the command line's flag."""
        return PeriodExistsError(self.what, remedy)


class PeriodNotFoundError(DataError):
    """No period of that name is recorded."""


class NoticeNumberTakenError(OutputError):
    """A 督办 notice number was already issued in that year."""
