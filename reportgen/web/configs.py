"""Configs as the 生成 page shows them: a summary or the CLI's error, where they write, their
period store, and the 督办 notices a 督办 config would send (nothing written)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request

from reportgen import pipeline
from reportgen.errors import ReportgenError
from reportgen.pipeline import workspace
from reportgen.web.access import state


def describe(path: Path) -> dict[str, Any]:
    """The chosen config as the page lists it, or its Chinese error."""
    try:
        config = pipeline.resolve_config(path)
    except ReportgenError as exc:
        failure = workspace.explain(exc)
        return {"ok": False, "lines": failure.lines()}
    return {"ok": True, "ledger": str(config.ledger), "office": config.office,
            "date": str(config.date or ""),
            "output": config.resolve(config.output_dir),
            "documents": [{"kind": workspace.kinds().get(d.kind, d.kind), "file": d.file or "",
                           "formats": "、".join(d.formats)} for d in config.documents],
            "publish": config.publish.file if config.publish else "",
            "duban": any(d.kind == "duban" for d in config.documents), "db": bool(config.db)}


def inside(request: Request, folder: Path) -> bool:
    """Whether ``folder`` lies in the working folder or the output folder."""
    resolved = folder.resolve()
    return any(resolved.is_relative_to(root) for root in state(request).roots)


def store_for(request: Request, described: dict[str, Any]) -> str | None:
    """The period store a build of this config uses: the config's own ``db`` key when it has
    one (as ``reportgen duban`` does), else the working folder's store the 历史 page shows."""
    return None if described.get("db") else str(state(request).store)


def plan_notices(path: Path, db: str | None) -> dict[str, Any]:
    """The notices a 督办 config would send now (numbers after those the store remembers)."""
    from reportgen.pipeline import duban, history

    try:
        config = pipeline.resolve_config(path)
        registry = history.NoticeRegistry(history.database(db, config))
        _, _, notices, _, _ = duban.plan(path, registry)
    except ReportgenError as exc:
        return {"ok": False, "lines": workspace.explain(exc).lines(), "notices": []}
    return {"ok": True, "lines": [], "notices": [
        {"number": n.number, "unit": n.unit, "level": f"{n.level}通知",
         "items": "、".join(e.item.seq or e.item.task[:12] for e in n.items),
         "due": f"{n.due:%Y-%m-%d}" if n.due else ""} for n in notices]}
