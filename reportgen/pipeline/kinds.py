"""The report kinds for front ends: each kind's name, purpose and parameters with defaults."""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.templating.kinds import KINDS, describe, get_kind


@dataclass(frozen=True)
class KindInfo:
    """One report kind as a help text shows it."""

    name: str
    purpose: str
    params: list[tuple[str, str, str]]  # name, default, meaning


def kinds(name: str | None = None) -> list[KindInfo]:
    """Every kind (or the one named) with its parameters; an unknown name lists the known ones."""
    chosen = [get_kind(name)] if name else list(KINDS.values())
    return [KindInfo(k.name, k.purpose, describe(k)) for k in chosen]
