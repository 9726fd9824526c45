"""Chinese numerals as official documents write them: 一、十二、二十三 (to 999) and back."""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三, 105 -> 一百零五 (0 < n < 1000)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def cn_value(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十三 -> 23, 一百零五 -> 105; None if ``text`` is not such a numeral."""
    if not text or any(c not in _DIGITS + "十百两" for c in text):
        return None
    total, digit = 0, 0
    for char in text:
        if char == "百":
            total += (digit or 1) * 100
            digit = 0
        elif char == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = 2 if char == "两" else _DIGITS.index(char)
    total += digit
    return total if total and cn_number(total) == text.replace("两", "二") else None
