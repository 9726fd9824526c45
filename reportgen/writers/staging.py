"""All-or-nothing output: stage every file of a run in one folder, then move them in together.

A run writes into ``.reportgen-XXXX/`` inside the output folder. ``commit`` moves each older
file aside into the staging folder, then the new one into place; if any move fails, every file
already moved is put back, so the folder holds either all new files or all old ones. A marker
file in each staging folder names the process that made it: the next run in the same folder
removes staging folders whose process is gone and which are older than itself, and nothing else.
A small manifest (``.reportgen-manifest.json``) lists what each config wrote, so replacing a file
that the same config did not write before can be reported.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from reportgen.errors import OutputError
from reportgen.writers.atomic import atomic_path

STAGING_PREFIX = ".reportgen-"
MARKER = ".reportgen-staging.json"
MANIFEST = ".reportgen-manifest.json"
PROCESS_START = time.time()  # this process's start, near enough: when reportgen was imported


def _started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), where /proc tells; else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, after the command name
        boot = next(int(line.split()[1]) for line in
                    Path("/proc/stat").read_text(encoding="ascii").splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _alive(pid: int, created: float) -> bool:
    """Whether the process that made a staging folder at ``created`` still runs.

    A live process with that number that started after the folder was made is another
    process that got the number again: the folder's maker is gone.
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        pass  # exists, owned by someone else
    started = _started(pid)
    return started is None or started <= created + 1


def _marker(folder: Path) -> dict[str, Any] | None:
    """The marker of a staging folder of ours, or None if it is not one."""
    path = folder / MARKER
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 4096:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int) \
            or not isinstance(data.get("created"), (int, float)):
        return None
    return data


def clean_stale(out_dir: Path) -> list[Path]:
    """Remove staging folders left in ``out_dir`` by a process that was killed.

    Only folders named ``.reportgen-*`` that hold our marker, were made before this process
    started and whose process no longer runs; the removed folders are returned.
    """
    removed = []
    try:
        candidates = [p for p in out_dir.iterdir() if p.name.startswith(STAGING_PREFIX)]
    except OSError:
        return []
    for folder in candidates:
        if folder.is_symlink() or not folder.is_dir():
            continue
        marker = _marker(folder)
        if marker is None or marker["created"] >= PROCESS_START \
                or _alive(marker["pid"], marker["created"]):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed


def read_manifest(out_dir: Path) -> dict[str, list[str]]:
    """What each config wrote into ``out_dir`` (config → file names); empty if unreadable."""
    path = out_dir / MANIFEST
    try:
        if path.is_symlink() or path.stat().st_size > 1_000_000:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    configs = data.get("configs") if isinstance(data, dict) else None
    if not isinstance(configs, dict):
        return {}
    return {str(k): [str(n) for n in v] for k, v in configs.items() if isinstance(v, list)}


def _write_manifest(out_dir: Path, owner: str, names: list[str]) -> bool:
    configs = read_manifest(out_dir)
    configs[owner] = sorted(set(configs.get(owner, [])) | set(names))
    text = json.dumps({"written_by": "reportgen", "configs": configs}, ensure_ascii=False,
                      indent=1)
    try:
        with atomic_path(out_dir / MANIFEST) as temp:
            temp.write_text(text + "\n", encoding="utf-8")
    except OSError:
        return False
    return True


@dataclass
class Committed:
    """What a commit put in place, and the older files it replaced that were not its own."""

    outputs: list[Path] = field(default_factory=list)
    foreign: list[Path] = field(default_factory=list)  # replaced, not written before by owner
    manifest_written: bool = True


class Staging:
    """A staging folder in ``out_dir``; ``commit`` moves its files in, all or none."""

    def __init__(self, out_dir: Path, owner: str | None) -> None:
        """``owner`` names the config in the manifest; None keeps no manifest (collect)."""
        self.out_dir = out_dir
        self.owner = owner
        self.dir = out_dir  # set on entry
        self.created = False

    def __enter__(self) -> Staging:
        self.created = not self.out_dir.exists()
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            clean_stale(self.out_dir)
            self.dir = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out_dir))
            (self.dir / MARKER).write_text(json.dumps(
                {"pid": os.getpid(), "created": time.time()}), encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"无法在输出文件夹 {self.out_dir} 中写入：{exc}") from None
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        if kind is not None and self.created:
            with contextlib.suppress(OSError):
                self.out_dir.rmdir()  # only if still empty: a failed run leaves no new folder

    def path(self, name: str) -> Path:
        return self.dir / name

    def commit(self, names: list[str]) -> Committed:
        """Move the staged ``names`` into the output folder; on any failure put all back.

        A staged folder (the 督办 set's folder of notices) replaces an older folder of the same
        name whole, so no notice of an earlier run is left beside the new ones.
        """
        previous = set(read_manifest(self.out_dir).get(self.owner, [])) if self.owner else set()
        result = Committed()
        backups = self.dir / ".old"
        backups.mkdir()
        moved: list[tuple[Path, Path | None, bool]] = []  # (target, backup, new file placed)
        name = names[0] if names else ""
        try:
            for name in names:
                target = self.out_dir / name
                backup = None
                staged_dir = (self.dir / name).is_dir()
                if target.is_symlink() or target.is_file() or (staged_dir and target.is_dir()):
                    if self.owner and name not in previous:
                        result.foreign.append(target)
                    backup = backups / name
                    os.replace(target, backup)
                moved.append((target, backup, False))
                os.replace(self.dir / name, target)
                moved[-1] = (target, backup, True)
                result.outputs.append(target)
        except OSError as exc:
            self._roll_back(moved)
            raise OutputError(f"无法把 {name} 放入 {self.out_dir}：{exc.strerror or exc}。"
                              "已恢复原有文件，本次没有改动任何输出") from None
        if self.owner:
            result.manifest_written = _write_manifest(self.out_dir, self.owner, names)
        return result

    @staticmethod
    def _roll_back(moved: list[tuple[Path, Path | None, bool]]) -> None:
        for target, backup, placed in reversed(moved):
            if placed:
                with contextlib.suppress(OSError):
                    if target.is_dir() and not target.is_symlink():
                        shutil.rmtree(target)
                    else:
                        target.unlink()
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.replace(backup, target)
