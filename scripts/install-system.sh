#!/bin/sh
# Install the Debian packages reportgen needs (PDF: Pango, HarfBuzz subsetting, CJK and emoji fallback fonts;
# tests: poppler-utils for pdftoppm, LibreOffice to render docx/xlsx for checks, PostgreSQL for the
# period store's server tests, Chromium for the web workbench's browser tests).
# Usage: sh scripts/install-system.sh [--test]
set -e
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-noto-color-emoji fontconfig"
if [ "${1:-}" = "--test" ]; then
    packages="$packages poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui postgresql chromium"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "reportgen：本机不是 Debian/Ubuntu，请自行安装：$missing" >&2
    exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "reportgen：安装系统软件包：$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
