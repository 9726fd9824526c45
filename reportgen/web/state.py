"""What a running workbench remembers: its private folder, uploads and reviews held, build jobs."""
from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.web.jobs import Jobs
from reportgen.web.settings import Settings

KEEP = 50  # uploads and reviews kept; older ones are dropped with their files
STORE_FILE = "reportgen.db"  # the period store of a working folder, as the CLI finds it there


@dataclass
class Held:
    """Something an earlier request left for a later one (an upload, a collect review)."""

    folder: Path
    name: str  # what the user sent or chose, for display
    path: Path | None = None
    value: Any = None
    meta: dict[str, Any] = field(default_factory=dict)


class Workbench:
    """The state of one app: created by ``create_app``, closed when the server stops."""

    def __init__(self, workdir: Path, settings: Settings) -> None:
        self.workdir = workdir.resolve()
        self.settings = settings
        self.output_dir = (settings.output_dir or self.workdir / "输出").resolve()
        self.private = Path(tempfile.mkdtemp(prefix="reportgen-web-"))  # mode 0700
        self.jobs = Jobs()
        self._held: dict[str, Held] = {}
        self._lock = threading.Lock()

    @property
    def store(self) -> Path:
        """The working folder's period store (what ``reportgen record`` run there uses)."""
        return self.workdir / STORE_FILE

    @property
    def roots(self) -> list[Path]:
        """Folders whose files may be served: the working folder, then the output folder."""
        return [self.workdir, self.output_dir]

    def folder(self) -> tuple[str, Path]:
        """A new private folder for one request, and its key."""
        import secrets

        key = secrets.token_urlsafe(16)
        path = self.private / key
        path.mkdir(mode=0o700)
        return key, path

    def hold(self, key: str, held: Held) -> None:
        with self._lock:
            self._held[key] = held
            while len(self._held) > KEEP:
                old = next(iter(self._held))
                shutil.rmtree(self._held.pop(old).folder, ignore_errors=True)

    def held(self, key: str) -> Held | None:
        with self._lock:
            return self._held.get(key)

    def close(self) -> None:
        self.jobs.shutdown()
        shutil.rmtree(self.private, ignore_errors=True)
