"""click's own error messages (usage errors, bad option values) in Chinese."""
from __future__ import annotations

import re
from collections.abc import Callable

_FORMATS = {"'%Y-%m-%d'": "YYYY-MM-DD", "%Y-%m-%d": "YYYY-MM-DD"}
_KINDS = {"Directory": "文件夹", "File": "文件", "Path": "路径"}


def _names(quoted: str) -> str:
    """"'-j' / '--jobs'" -> "-j/--jobs"; "'x', 'y'" -> "x、y"."""
    names = re.findall(r"'([^']*)'", quoted)
    return "/".join(names) if " / " in quoted else "、".join(names) if names else quoted


def _format(match: re.Match[str]) -> str:
    wanted = "、".join(_FORMATS.get(f, f.strip("'")) for f in match.group(2).split(", "))
    return f"“{match.group(1)}”不是有效的日期（格式 {wanted}）。"


def _choice(match: re.Match[str]) -> str:
    return f"“{match.group(1)}”不是可选的值（{_names(match.group(2))}）。"


def _path(says: str, kind: bool = True) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return f"{_KINDS[match.group(1)] if kind else ''}“{match.group(2)}”{says}"
    return replace


_Replacement = str | Callable[[re.Match[str]], str]
_QUOTED = r"((?:'[^']*'(?: / )?)+)"  # '-j' / '--jobs'

# Most specific first: each pattern rewrites a part of the message, in turn.
_TABLE: list[tuple[str, _Replacement]] = [
    (rf"Invalid value for {_QUOTED}: ", lambda m: f"参数 {_names(m.group(1))} 的值无效："),
    (r"Invalid value: ", "值无效："),
    (r"Missing argument '(.+?)'\.", r"缺少参数 \1。"),
    (rf"Missing option {_QUOTED}\.", lambda m: f"缺少选项 {_names(m.group(1))}。"),
    (r"Missing command\.", "缺少命令。"),
    (r"No such option: (.+)", r"没有这个选项：\1"),
    (r"No such option '(.+?)'\. Did you mean '(.+?)'\?", r"没有这个选项：\1。是不是 \2？"),
    (r"No such option '(.+?)'\.", r"没有这个选项：\1。"),
    (r"\(Possible options: (.+)\)", r"（可能是：\1）"),
    (r"No such command '(.+?)'\. Did you mean '(.+?)'\?", r"没有这个命令：\1。是不是 \2？"),
    (r"No such command '(.+?)'\.", r"没有这个命令：\1。可用命令见 reportgen --help。"),
    (r"Option '(.+?)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Option '(.+?)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
    (r"Option '(.+?)' does not take a value\.", r"选项 \1 不带值。"),
    (r"Argument '(.+?)' takes (\d+) values\.", r"参数 \1 需要 \2 个值。"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"'(.*?)' is not a valid integer range\.", r"“\1”不是有效的整数。"),
    (r"'(.*?)' is not a valid integer\.", r"“\1”不是有效的整数。"),
    (r"'(.*?)' is not a valid float range\.", r"“\1”不是有效的数字。"),
    (r"'(.*?)' is not a valid float\.", r"“\1”不是有效的数字。"),
    (r"'(.*?)' is not a valid boolean\..*", r"“\1”不是有效的是非值（true/false、yes/no、1/0）。"),
    (r"(\S+) is not in the range x>=(\S+)\.", r"\1 太小：至少为 \2。"),
    (r"(\S+) is not in the range x>(\S+)\.", r"\1 太小：应大于 \2。"),
    (r"(\S+) is not in the range x<=(\S+)\.", r"\1 太大：至多为 \2。"),
    (r"(\S+) is not in the range x<(\S+)\.", r"\1 太大：应小于 \2。"),
    (r"(\S+) is not in the range (\S+?)<=?x<=?(\S+)\.", r"\1 不在 \2 到 \3 之间。"),
    (r"'(.*?)' does not match the formats? (.+)\.", _format),
    (r"'(.*?)' is not one of (.+)\.", _choice),
    (r"'(.*?)' is not ('.*')\.", _choice),
    (r"Choose from:\s*(.+)", lambda m: "可选：" + "、".join(re.split(r",\s*", m.group(1)))),
    (r"(Directory|File|Path) '(.+?)' does not exist\.", _path("不存在。")),
    (r"(Directory|File|Path) '(.+?)' is a file\.", _path("是文件，应为文件夹。", kind=False)),
    (r"(Directory|File|Path) '(.+?)' is a directory\.", _path("是文件夹，应为文件。", kind=False)),
    (r"(Directory|File|Path) '(.+?)' is not readable\.", _path("不可读。")),
    (r"(Directory|File|Path) '(.+?)' is not writable\.", _path("不可写。")),
    (r"Could not open file '(.+?)': (.+)", r"无法打开文件“\1”：\2"),
]


def translate(message: str) -> str:
    """``message`` (one of click's) with every part this table knows in Chinese."""
    for pattern, replacement in _TABLE:  # re caches the compiled patterns; only errors pay
        message = re.sub(pattern, replacement, message)
    return message
