#!/usr/bin/env bash
# Installs what hubspoke needs on a Debian machine with Swift, only when it is missing.
#   Tools/setup.sh          GLPK (libglpk-dev) and SQLite (libsqlite3-dev): enough to build and run.
#   Tools/setup.sh --test   also what the tests use: Chromium with its WebDriver and Python's selenium and
#                           axe-selenium-python (the browser walk through `hubspoke serve`), wrk (the web
#                           benchmark), Python's icalendar, and Slurm with munge for the single-node cluster that
#                           Tests/CLITests/SlurmTests.swift starts (Tools/slurm-single-node.sh).
set -euo pipefail
want=()
if ! { [ -f /usr/include/glpk.h ] && { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep libglpk >/dev/null; }; then want+=(libglpk-dev); fi
if [ ! -f /usr/include/sqlite3.h ]; then want+=(libsqlite3-dev); fi
pypi=()
if [ "${1:-}" = "--test" ]; then
  # Headless Chromium renders the HTML reports; Python's icalendar package reads the calendars back.
  if ! command -v chromium >/dev/null 2>&1; then want+=(chromium); fi
  # The browser walk drives Chromium through its WebDriver (chromium-driver: /usr/bin/chromedriver); wrk loads the server.
  if ! command -v chromedriver >/dev/null 2>&1; then want+=(chromium-driver); fi
  if ! command -v wrk >/dev/null 2>&1; then want+=(wrk); fi
  # A real single-node Slurm for the --slurm sweep test: slurmctld, slurmd and sbatch (slurm-wlm), and munge for its keys.
  if ! { command -v slurmctld && command -v slurmd && command -v sbatch; } >/dev/null 2>&1; then want+=(slurm-wlm); fi
  if ! command -v munged >/dev/null 2>&1; then want+=(munge); fi
  if ! command -v python3 >/dev/null 2>&1; then want+=(python3 python3-icalendar tzdata)
  else
    if ! python3 -c 'import icalendar' 2>/dev/null; then
      # Debian's package serves Debian's python3; another python3 first on PATH (pyenv, a venv) gets it from PyPI.
      if [ "$(command -v python3)" = /usr/bin/python3 ]; then want+=(python3-icalendar); else pypi+=(icalendar); fi
    fi
    # selenium drives the browser; axe-selenium-python bundles axe-core for the accessibility audit. PyPI only.
    if ! python3 -c 'import selenium, axe_selenium_python' 2>/dev/null; then pypi+=(selenium axe-selenium-python); fi
    if ! python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/London")' 2>/dev/null; then want+=(tzdata); fi
  fi
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#want[@]} -gt 0 ]; then
  echo "setup: installing ${want[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${want[@]}" >/dev/null
fi
if [ ${#pypi[@]} -gt 0 ]; then
  echo "setup: installing ${pypi[*]} for $(command -v python3) from PyPI" >&2
  pipflags=(--quiet)
  if [ "$(id -u)" -eq 0 ]; then pipflags+=(--root-user-action=ignore); fi
  # Debian's own python3 marks its packages as managed by apt (PEP 668); these two exist only on PyPI.
  if [ "$(command -v python3)" = /usr/bin/python3 ]; then
    python3 -m pip --version >/dev/null 2>&1 || { $SUDO apt-get install -y -qq python3-pip >/dev/null; }
    pipflags+=(--break-system-packages)
  fi
  python3 -m pip install "${pipflags[@]}" "${pypi[@]}"
fi
