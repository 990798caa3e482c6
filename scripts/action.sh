#!/usr/bin/env bash
# The logic of the GitHub Action in action.yml, kept here so it can be run and tested outside GitHub.
#   scripts/action.sh install   install briefing's dependencies and compile it (in the action's folder)
#   scripts/action.sh build     build the briefings of the repository checked out in the current folder
# Inputs come as the INPUT_* variables action.yml sets; outputs go to the file named by GITHUB_OUTPUT.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "${1:-}" in
  install)
    cd "$here"
    npm ci --no-audit --no-fund
    npm run build
    ;;
  build)
    cli="${BRIEFING_CLI:-$here/dist/cli.js}"
    out="${INPUT_OUT:-out}"
    report="${INPUT_REPORT:-$out/report.json}"
    args=(build --out "$out" --report "$report" --format "${INPUT_FORMATS:-pdf,epub}")
    [ -n "${INPUT_JOBS:-}" ] && args+=(--jobs "$INPUT_JOBS")
    [ -n "${INPUT_SHARD:-}" ] && args+=(--shard "$INPUT_SHARD")

    # Files and globs, separated by spaces or new lines; none: every briefing in data/.
    set -f # split into words first, then expand each pattern on its own
    patterns=(${INPUT_FILES:-})
    set +f
    shopt -s nullglob globstar
    files=()
    for pattern in "${patterns[@]}"; do
      matched=($pattern)
      if [ ${#matched[@]} -eq 0 ]; then
        echo "::error::briefing: no file matches \"$pattern\"" >&2
        exit 1
      fi
      files+=("${matched[@]}")
    done
    shopt -u nullglob globstar

    # Reproducible: every date written into the outputs is the commit's, unless the caller set one.
    if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
      if SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null)" && [ -n "$SOURCE_DATE_EPOCH" ]; then
        export SOURCE_DATE_EPOCH
      else
        unset SOURCE_DATE_EPOCH
        echo "::notice::briefing: not a git checkout; dates come from each briefing's own date" >&2
      fi
    fi

    status=0
    node "$cli" "${args[@]}" "${files[@]}" || status=$?
    # The report is written for failed builds too: name it either way, so a later step can read it.
    if [ -f "$report" ] && [ -n "${GITHUB_OUTPUT:-}" ]; then
      {
        echo "report=$report"
        echo "out=$out"
        echo "source-date-epoch=${SOURCE_DATE_EPOCH:-}"
      } >> "$GITHUB_OUTPUT"
    fi
    exit "$status"
    ;;
  *)
    echo "usage: $0 install|build" >&2
    exit 2
    ;;
esac
