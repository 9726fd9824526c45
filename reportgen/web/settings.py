"""Settings of a workbench: where it serves from, how it binds, its token and upload limit."""
from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import ConfigError

SETTINGS_FILE = "reportgen-serve.yaml"  # optional, in the working folder; never served
MAX_SETTINGS_BYTES = 64 * 1024  # four keys; a larger file is not a settings file
DEFAULT_UPLOAD_MB = 50
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_local(host: str) -> bool:
    """Whether binding ``host`` exposes the server to this machine only."""
    name = host.strip("[]").lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    """How a workbench runs. ``token`` is required (and made up when missing) off loopback."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    upload_limit: int = DEFAULT_UPLOAD_MB * 1024 * 1024  # bytes per request
    output_dir: Path | None = None  # default: <working folder>/输出
    max_files: int = 200  # files in one upload request (returned forms)
    generated_token: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 16:
            raise ConfigError("访问令牌太短：至少 16 个字符")
        if self.token is None and not is_local(self.host):
            self.token = secrets.token_urlsafe(24)
            self.generated_token = True

    @property
    def local(self) -> bool:
        return is_local(self.host)


def file_settings(workdir: Path) -> dict[str, Any]:
    """The optional settings file of a working folder: token, upload_limit_mb, host, port."""
    path = workdir / SETTINGS_FILE
    if not path.is_file():  # a FIFO or a device is not a settings file: never opened
        return {}
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise ConfigError(f"{path} 超过 {MAX_SETTINGS_BYTES // 1024} KB，不像设置文件，拒绝读取")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"无法读取 {path}：{exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}：应是“键: 值”形式的 YAML 映射")
    known = {"token", "upload_limit_mb", "host", "port"}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise ConfigError(f"{path}：未知的设置 {'、'.join(unknown)}（可用：{'、'.join(sorted(known))}）")
    for key, value in data.items():  # scalars only: an alias-built list is never expanded
        number = key in ("upload_limit_mb", "port")
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))
                                  or (number and not str(value).strip().isdigit())):
            raise ConfigError(f"{path}：“{key}”应是{'正整数' if number else '一段文字'}")
    return data
