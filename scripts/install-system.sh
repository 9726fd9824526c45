#!/bin/sh
# Install the Debian packages reportgen needs (PDF: Pango, HarfBuzz subsetting, CJK and emoji fallback fonts;
# tests: poppler-utils for pdftoppm, LibreOffice to render docx/xlsx for checks, PostgreSQL for the
# period store's server tests, Chromium for the web workbench's browser tests), then the font alias:
# the official font names of the Word files (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, 宋体 and their
# Windows names) mapped to the bundled Fandol fonts, Noto CJK after them, so LibreOffice and WPS on
# Linux use Chinese shapes instead of a Japanese sans fallback. As root: /usr/local/share/fonts and
# /etc/fonts/conf.d; otherwise ~/.local/share/fonts and ~/.config/fontconfig/conf.d.
# Usage: sh scripts/install-system.sh [--test]
set -e
here=$(cd "$(dirname "$0")/.." && pwd)

install_font_alias() {
    fonts="$here/reportgen/fonts"
    conf="$fonts/64-reportgen-gongwen.conf"
    [ -f "$conf" ] || return 0
    command -v fc-cache >/dev/null 2>&1 || { echo "reportgen：没有 fontconfig，跳过字体别名" >&2; return 0; }
    if [ "$(id -u)" -eq 0 ]; then
        font_dir=/usr/local/share/fonts/reportgen
        conf_dir=/etc/fonts/conf.d
    else
        font_dir="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/reportgen"
        conf_dir="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
    fi
    mkdir -p "$font_dir" "$conf_dir"
    changed=""
    for f in "$fonts"/Fandol*.otf "$fonts/COPYING" "$conf"; do
        target="$font_dir/$(basename "$f")"
        [ "$f" = "$conf" ] && target="$conf_dir/$(basename "$f")"
        if ! cmp -s "$f" "$target" 2>/dev/null; then
            cp "$f" "$target"
            changed=1
        fi
    done
    if [ -n "$changed" ]; then
        echo "reportgen：已安装字体别名 $conf_dir/$(basename "$conf")（仿宋_GB2312 等 → Fandol）"
        fc-cache -f "$font_dir" >/dev/null 2>&1 || true
    fi
}

packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-noto-color-emoji fontconfig"
if [ "${1:-}" = "--test" ]; then
    packages="$packages poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui postgresql chromium"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "reportgen：本机不是 Debian/Ubuntu，请自行安装：$missing" >&2
    else
        SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "reportgen：安装系统软件包：$missing"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
fi
install_font_alias
