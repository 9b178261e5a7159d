#!/usr/bin/env bash
# Fingerprints of every user-visible output, for checking that a refactoring changes no byte.
#
#   Tools/output-fingerprints.sh [BUILD_DIR] > before.txt   # e.g. .build/debug (the default)
#   ... change the code, rebuild ...
#   Tools/output-fingerprints.sh [BUILD_DIR] | diff before.txt -
#
# It runs the rota (every format, the embedded scenarios and a generated region), validate, the
# simulator, the staffing tools (sweep, least-cost, business case, shards and merge) and the weekly
# workspace (init, demand, absence, pin, forbid in old and new spellings, plan, repair, publish, show, diff), and prints one
# SHA-256 per output file and per standard output, with the exit status. Timings and dates that
# legitimately change between runs (solve times on standard error, log timestamps) are not
# fingerprinted. It takes about a minute with a debug build.
set -u
BIN="${1:-.build/debug}"
H="$BIN/hubspoke"
G="$BIN/generate-region"
[ -x "$H" ] && [ -x "$G" ] || { echo "output-fingerprints: build first (swift build): $H or $G is missing" >&2; exit 1; }
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fp() { # fp NAME CMD... : fingerprint standard output and the exit status of CMD
  local name="$1"; shift
  local out rc
  out="$("$@" 2>/dev/null)"; rc=$?
  # the temporary folder's name and the clock change on every run
  out="$(printf '%s' "$out" | sed -E -e "s#$T#TMP#g" -e 's/(-v[0-9]+)-[0-9a-f]{8}$/\1-RANDOM/' -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g')"
  printf '%s  %s (exit %d)\n' "$(printf '%s' "$out" | sha256sum | cut -c1-16)" "$name" "$rc"
}
ff() { # ff NAME FILE_OR_DIR: fingerprint files
  local name="$1" path="$2"
  if [ -d "$path" ]; then
    (cd "$path" && find . -type f | LC_ALL=C sort | while read -r f; do
      printf '%s  %s/%s\n' "$(sha256sum < "$f" | cut -c1-16)" "$name" "${f#./}"; done)
  elif [ -f "$path" ]; then printf '%s  %s\n' "$(sha256sum < "$path" | cut -c1-16)" "$name"
  else printf 'missing  %s\n' "$name"; fi
}
"$G" --sites 12 --posts 18 --weeks 1 --seed 3 > "$T/region.yaml" 2>/dev/null
for sc in kent-medway teaching "$T/region.yaml"; do
  n="$(basename "$sc" .yaml)"
  for f in table csv json html; do fp "rota $n $f" "$H" rota "$sc" --format "$f" --quiet; done
  "$H" rota "$sc" --format ics --output "$T/ics-$n" --quiet >/dev/null 2>&1; ff "rota $n ics" "$T/ics-$n"
  fp "validate $n" "$H" validate "$sc"
done
"$H" rota --format csv --quiet > "$T/prev.csv" 2>/dev/null
fp "rota previous" "$H" rota --previous "$T/prev.csv" --format json --quiet
fp "rota export-lp" "$H" rota --export-lp "$T/m.lp" --format json --quiet; ff "model lp" "$T/m.lp"
fp "rota export-mps" "$H" rota --export-mps "$T/m.mps" --format json --quiet; ff "model mps" "$T/m.mps"
for f in table csv json html; do
  fp "simulate $f" "$H" simulate --policy all --weeks 8 --replications 6 --seed 4 --threads 2 --quiet --format "$f"
done
fp "simulate extra" "$H" simulate kent-medway --policy greedy,fixed --weeks 6 --replications 4 --quiet --format json \
  --replications-csv "$T/reps.csv" --quarterly-csv "$T/q.csv"
ff "simulate replications-csv" "$T/reps.csv"; ff "simulate quarterly-csv" "$T/q.csv"
for f in table csv json html; do
  fp "sweep $f" "$H" staffing sweep --vary EP=1..2:0.5 --vary SLT=1,1.5 --weeks 8 --replications 4 --quiet --format "$f" \
    --target 'seen_within_4_weeks>=50'
  fp "least-cost $f" "$H" staffing least-cost --vary EP=1..2:0.5 --weeks 8 --replications 4 --quiet --format "$f" \
    --target 'seen_within_4_weeks>=50'
  fp "business-case $f" "$H" staffing business-case --weeks 8 --replications 4 --quiet --format "$f"
done
for i in 0 1 2; do
  "$H" staffing sweep --vary EP=1..2:0.5 --vary SLT=1,1.5 --weeks 8 --replications 4 --quiet --shard "$i/3" \
    --output "$T/shard$i.json" >/dev/null 2>&1
  ff "shard $i" "$T/shard$i.json"
done
fp "merge json" "$H" merge "$T/shard0.json" "$T/shard1.json" "$T/shard2.json" --format json
W="$T/ws/hubspoke.sqlite"; mkdir -p "$T/ws"
fp "init" "$H" init --workspace "$W" --start 2026-11-30
printf 'site,role,sessions,priority\nPRU-CANT,MHT,3,urgent\nPRU-CANT,EP,2,routine\n' > "$T/d.csv"
fp "demand import" "$H" demand import "$T/d.csv" --workspace "$W" --week 2026-11-30
fp "demand show" "$H" demand show --workspace "$W" --week 2026-11-30
fp "plan" "$H" plan --workspace "$W" --week 2026-11-30 --quiet
fp "publish" "$H" publish --workspace "$W" --week 2026-11-30
fp "absence add" "$H" absence add MHT-W 2026-12-02 --reason training --workspace "$W"
fp "pin" "$H" pin EP-1 PRU-DOV 2026-12-03 am --workspace "$W"
fp "forbid" "$H" forbid SLT-1 PRU-TW 2026-12-04 pm --workspace "$W"
fp "pin list" "$H" pin --list --workspace "$W"
# the new spellings (pin and forbid add|list|remove) give the same bytes as the old ones above, and leave the same rules
fp "pin remove" "$H" pin remove EP-1 PRU-DOV 2026-12-03 am --workspace "$W"
fp "pin add" "$H" pin add EP-1 PRU-DOV 2026-12-03 am --workspace "$W"
fp "forbid remove" "$H" forbid remove SLT-1 PRU-TW 2026-12-04 pm --workspace "$W"
fp "forbid add" "$H" forbid add SLT-1 PRU-TW 2026-12-04 pm --workspace "$W"
fp "pin list (new spelling)" "$H" pin list --workspace "$W"
fp "forbid list" "$H" forbid list --workspace "$W"
fp "absence list" "$H" absence list --workspace "$W"
fp "repair" "$H" repair --workspace "$W" --week 2026-11-30 --from 2026-12-02am --quiet
fp "show" "$H" show --workspace "$W" --week 2026-11-30
fp "show json" "$H" show --workspace "$W" --week 2026-11-30 --format json
fp "diff" "$H" diff --workspace "$W" --week 2026-11-30 1 2
ff "exports" "$T/ws/exports/2026-11-30/"
