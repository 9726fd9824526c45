"""Unit names that look alike (区商务局 / 商务局, 漯河新区指挥部 / 湛河新区指挥部), for warnings.

Pure functions, no I/O. Real ledgers name one unit several ways; ``validate`` lists the pairs
so the office can add them to the config's unit_aliases.
"""
from __future__ import annotations

# Administrative-level prefixes that a clerk may leave out: 商务局 for 区商务局.
LEVEL_PREFIXES = ("区", "市", "县")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _bare(name: str) -> str:
    for prefix in LEVEL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix):]
    return name


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def look_alike(a: str, b: str) -> bool:
    """Whether two different unit names probably mean the same unit.

    - the same but for a leading 区/市/县 (区商务局, 市商务局, 商务局);
    - one contains the other, the shorter at least three characters (商务局, 区商务局);
    - one is the other with one or two characters added, at least four long
      (区交通局, 区交通运输局);
    - a typo: same length, one character different on six or more characters, or two on
      eight or more (漯河新区指挥部, 湛河新区指挥部). Shorter names differing in one character
      (区财政局, 区民政局) are usually different units and are not reported.
    """
    if a == b:
        return False
    if _bare(a) == _bare(b):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and short in long:
        return True
    gap = len(long) - len(short)
    if len(short) >= 4 and 1 <= gap <= 2 and _is_subsequence(short, long):
        return True
    if gap == 0 and len(short) >= 6:
        distance = edit_distance(a, b)
        return distance == 1 or (distance == 2 and len(short) >= 8)
    return False


def similar_units(names: list[str]) -> list[tuple[str, str]]:
    """Pairs of distinct names that look alike, in the order the names first appear."""
    unique = [n.strip() for n in dict.fromkeys(names) if n and n.strip()]
    unique = list(dict.fromkeys(unique))
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1:] if look_alike(a, b)]
