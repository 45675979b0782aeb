#!/usr/bin/env bash
# The whole suite with the system clock moved to other dates (Debian's faketime,
# libfaketime): a test that reads today's date must hold whatever today is.
#
#   test/any-date.sh                          # the default dates below
#   test/any-date.sh 2027-06-15 '2027-10-31 01:30:00'
#   ANY_DATE_JEST_ARGS='test/web test/kpis' test/any-date.sh 2027-01-01
#
# A date alone means 10:00 UTC that day; a time may be given (UTC). The clock
# starts there and runs on, so timeouts and waits behave as usual. It builds once
# (lint and build do not depend on the date), then runs jest once per date and
# prints a line per date; each run's output is kept in var/any-date/<date>.log.
# Not part of `npm test`: each date takes as long as the suite.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  echo "any-date: faketime is missing: apt-get install faketime" >&2
  exit 2
fi

# New Year, the end of a quarter, the last day of a year (23:30 UTC is already
# New Year in Amsterdam), a leap day, the night the clocks go forward, and a
# day the demo's active allocations number more than a thousand (1.009 for the
# admin on 2026-12-06: the app writes 1.009, not 1009).
DEFAULT_DATES=(
  '2027-01-01'
  '2027-03-31'
  '2027-12-31 23:30:00'
  '2028-02-29'
  '2027-03-28 01:30:00'
  '2026-12-06'
)
if [ $# -gt 0 ]; then dates=("$@"); else dates=("${DEFAULT_DATES[@]}"); fi

npm run build >/dev/null || { echo "any-date: the build failed" >&2; exit 2; }
mkdir -p var/any-date
failed=0
summary=()
for d in "${dates[@]}"; do
  at="$d"
  [[ "$at" == *:* ]] || at="$at 10:00:00"
  log="var/any-date/${at// /T}.log"
  started=$(date +%s)
  echo "any-date: $at UTC ..." >&2
  # (the monotonic clock moves with it: with FAKETIME_DONT_FAKE_MONOTONIC=1 Chromium's zygote hangs)
  # shellcheck disable=SC2086
  TZ=UTC faketime "$at" npx jest ${ANY_DATE_JEST_ARGS:-} >"$log" 2>&1
  rc=$?
  took=$(($(date +%s) - started))
  tests=$(grep -E '^Tests:' "$log" | tail -1)
  summary+=("$at UTC: ${tests:-no summary (see $log)} (${took} s)")
  if [ $rc -ne 0 ]; then
    failed=1
    grep -E '^\s+● ' "$log" | sed 's/^/    /' | sort -u >&2
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
