#!/usr/bin/env bash
# The logic of the GitHub Action in action.yml, kept here so it can be run and tested outside GitHub.
#   scripts/action.sh cache-key   the key of the npm cache: the runner's OS and both lock files' hash
#   scripts/action.sh install     install briefing's production dependencies and compile it (in the action's folder)
#   scripts/action.sh build       build the briefings of the repository checked out in the current folder
#   scripts/action.sh merge       join the reports of a matrix's shards (INPUT_MERGE) into INPUT_REPORT
# Inputs come as the INPUT_* variables action.yml sets; outputs go to the file named by GITHUB_OUTPUT.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >> "$GITHUB_OUTPUT"; fi
}

# A path as later steps of the job see it: they run in the workspace, not in working-directory.
from_workspace() {
  case "$1" in
    /*) echo "$1" ;;
    *) if [ "${INPUT_WORKING_DIRECTORY:-.}" = . ]; then echo "$1"; else echo "${INPUT_WORKING_DIRECTORY%/}/$1"; fi ;;
  esac
}

# Files and globs, separated by spaces or new lines, each expanded on its own (** included);
# a pattern that matches nothing is an error. The result is in the array `files`.
expand() {
  local pattern
  local -a patterns matched
  set -f # split into words first, then expand each pattern on its own
  # shellcheck disable=SC2206
  patterns=($1)
  set +f
  shopt -s nullglob globstar
  files=()
  for pattern in "${patterns[@]}"; do
    # shellcheck disable=SC2206
    matched=($pattern)
    if [ ${#matched[@]} -eq 0 ]; then
      echo "::error::briefing: no file matches \"$pattern\"" >&2
      exit 1
    fi
    files+=("${matched[@]}")
  done
  shopt -u nullglob globstar
}

case "${1:-}" in
  cache-key)
    # actions/cache's hashFiles() reads the workspace only, and these lock files are in the action's folder.
    hash="$(cat "$here/package-lock.json" "$here/scripts/action-build/package-lock.json" | sha256sum | cut -c1-64)"
    output "key=briefing-npm-${RUNNER_OS:-$(uname -s)}-$hash"
    ;;
  install)
    cd "$here"
    # Production dependencies only (~95 MB, no compiler, test tools or benchmark engines), exactly as
    # locked; no package runs an install script (none needs one).
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
    # The compiled code is not in git (dist/ is built, never committed), and the compiler is a
    # devDependency. It comes alone from its own lock file (scripts/action-build: the same TypeScript
    # version as package-lock.json, a test checks), compiles without type checking (the types live in
    # devDependencies; briefing's own CI checks them), and is removed again.
    npm ci --prefix scripts/action-build --ignore-scripts --no-audit --no-fund --loglevel=error
    node scripts/action-build/node_modules/typescript/bin/tsc -p tsconfig.build.json --noCheck --declaration false --sourceMap false
    # The built-in templates compiled once here, not at every build (Handlebars is a production dependency).
    node scripts/precompile-templates.mjs
    rm -rf scripts/action-build/node_modules
    ;;
  build)
    cli="$here/dist/cli.js"
    cd "${INPUT_WORKING_DIRECTORY:-.}"
    out="${INPUT_OUT:-out}"
    report="${INPUT_REPORT:-$out/report.json}"
    args=(build --out "$out" --report "$report" --format "${INPUT_FORMATS:-pdf,epub}")
    [ -n "${INPUT_JOBS:-}" ] && args+=(--jobs "$INPUT_JOBS")
    [ -n "${INPUT_SHARD:-}" ] && args+=(--shard "$INPUT_SHARD")

    # None given: every briefing in data/ (the command's own default).
    expand "${INPUT_FILES:-}"

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
    if [ -f "$report" ]; then
      output "report=$(from_workspace "$report")"
      output "out=$(from_workspace "$out")"
      output "source-date-epoch=${SOURCE_DATE_EPOCH:-}"
    fi
    exit "$status"
    ;;
  merge)
    cli="$here/dist/cli.js"
    cd "${INPUT_WORKING_DIRECTORY:-.}"
    report="${INPUT_REPORT:-${INPUT_OUT:-out}/report.json}"
    expand "${INPUT_MERGE:-}"
    node "$cli" merge-reports "${files[@]}" --out "$report"
    output "report=$(from_workspace "$report")"
    ;;
  *)
    echo "usage: $0 cache-key|install|build|merge" >&2
    exit 2
    ;;
esac
