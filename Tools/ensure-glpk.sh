#!/usr/bin/env bash
# Installs GLPK's C library and header (Debian's libglpk-dev) when they are missing.
set -euo pipefail
if [ -f /usr/include/glpk.h ] && ldconfig -p 2>/dev/null | grep -q libglpk; then
  exit 0
fi
echo "ensure-glpk: installing libglpk-dev" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libglpk-dev >/dev/null
