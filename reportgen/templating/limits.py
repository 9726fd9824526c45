"""Limits on rendering a template: a time limit and an output size limit, in any thread.

A template from someone else may loop for ever (nested ``range()`` loops) or build gigabytes of
text. The sandbox checks a deadline in every hook it has (calls, attribute and item lookups,
``range`` steps, filters, arithmetic) and counts the output as it streams; arithmetic and
filters that would build a huge value are refused before they run. A loop that calls nothing
(``{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}``) reaches none of those hooks, so
a watchdog timer raises the same timeout in the rendering thread once the deadline has passed
(``PyThreadState_SetAsyncExc``): no signals, so it works in worker threads as in the main one.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

DEFAULT_SECONDS = 60.0
DEFAULT_OUTPUT_MB = 50.0
MAX_VALUE = 10_000_000  # characters or items one expression may build
MAX_ARGUMENT = 100_000  # a width or count given to a filter (center, indent, batch, slice…)
MAX_POWER_BITS = 100_000  # an integer power larger than this is refused
_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class RenderLimitExceeded(BaseException):  # noqa: N818 (not an error a caller should catch)
    """Raised inside a render when a limit is hit; render_template turns it into TemplateError.

    A BaseException, so that no ``except Exception`` in a filter or in Jinja swallows it.
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class RenderTimeout(RenderLimitExceeded):
    """The render time limit passed (raised by a hook or by the watchdog)."""


@dataclass(frozen=True)
class RenderLimits:
    """How long one template may render and how much text it may produce."""

    seconds: float = DEFAULT_SECONDS
    output_bytes: int = int(DEFAULT_OUTPUT_MB * 1024 * 1024)


class Budget:
    """The deadline of one render, checked by the sandbox's hooks."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.ticks = 0

    def check(self) -> None:
        """Called very often: reads the clock on every 64th call only."""
        self.ticks += 1
        if not self.ticks & 63 and time.monotonic() > self.deadline:
            raise RenderTimeout()


class CheckedRange:
    """``range()`` for templates: at most 100,000 numbers, the deadline checked at each step."""

    def __init__(self, budget: Budget, *args: int) -> None:
        from jinja2.sandbox import safe_range

        self._range: range = safe_range(*args)
        self._budget = budget

    def __iter__(self) -> Iterator[int]:
        check = self._budget.check
        for number in self._range:
            check()
            yield number

    def __len__(self) -> int:
        return len(self._range)

    def __repr__(self) -> str:
        return repr(self._range)


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse arithmetic whose result would be huge, before it is computed."""
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            size = _size(seq)
            if size is not None and isinstance(count, int) and size * count > MAX_VALUE:
                raise RenderLimitExceeded(f"表达式的结果过大（超过 {MAX_VALUE:,} 个字符或元素）")
    elif operator == "+":
        left_size, right_size = _size(left), _size(right)
        if left_size is not None and right_size is not None and \
                left_size + right_size > MAX_VALUE:
            raise RenderLimitExceeded(f"表达式的结果过大（超过 {MAX_VALUE:,} 个字符或元素）")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
                and right * math.log2(abs(left)) > MAX_POWER_BITS:
            raise RenderLimitExceeded("乘方的结果过大")
    elif operator == "%" and isinstance(left, str):
        numbers = [n for m in _FORMAT_WIDTH.finditer(left) for n in m.groups() if n]
        if "*" in numbers or any(int(n) > MAX_ARGUMENT for n in numbers if n != "*"):
            raise RenderLimitExceeded("格式化字符串中的宽度过大")


def limited_filter(budget: Budget, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with the deadline checked, huge numeric arguments and results refused.

    A result may reach MAX_VALUE before it is refused, so chained filters that double a value
    (``replace`` after ``replace``) stop at about twice that.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        budget.check()
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and \
                    abs(value) > MAX_ARGUMENT:
                raise RenderLimitExceeded(f"过滤器 {function.__name__} 的参数过大（{value}）")
        if function.__name__ == "do_format" and args and isinstance(args[0], str):
            check_binop("%", args[0], ())  # "%999999999d"|format(1)
        result = function(*args, **kwargs)
        size = _size(result)
        if size is not None and size > MAX_VALUE:
            raise RenderLimitExceeded(f"过滤器 {function.__name__} 的结果过大")
        return result

    return wrapper


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout in this thread if the block is still running after ``seconds``.

    The timer and the block's end take one lock, so the exception is never delivered after
    the block has left; it is raised at the next bytecode the thread runs (pure Python loops
    included), not inside a long C call.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    done = False

    def fire() -> None:
        with lock:
            if not done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(RenderTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done = True
        timer.cancel()


def render_limited(chunks: Iterator[str], budget: Budget) -> str:
    """Join a template's output stream, checking the deadline and the size at each chunk."""
    parts: list[str] = []
    size = 0
    limit = budget.limits.output_bytes
    with watchdog(budget.limits.seconds):
        for chunk in chunks:
            size += len(chunk.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise RenderLimitExceeded(
                    f"模板输出超过 {limit / 1024 / 1024:g} MB 的上限（配置项 limits.render_output_mb）")
            budget.check()
            parts.append(chunk)
    return "".join(parts)
