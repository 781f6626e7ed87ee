#!/usr/bin/env bash
# Names every file a pull request changes under a path that .github/CODEOWNERS marks as code:
# one warning annotation per file, and a list in the job summary, so that a reviewer reads those
# changes as code before previewing the site the pull request builds.
# Usage: bash .github/code-changes.sh BASE [HEAD]   (commits; HEAD defaults to HEAD)
set -euo pipefail
base="$1"
head="${2:-HEAD}"
summary="${GITHUB_STEP_SUMMARY:-/dev/stdout}"

# The code paths: the first word of each CODEOWNERS rule, without its leading and trailing "/".
mapfile -t paths < <(sed -e 's/#.*//' .github/CODEOWNERS |
  awk 'NF { p = $1; sub(/^\//, "", p); sub(/\/$/, "", p); print p }')
# -z: file names exactly as they are (a name may hold a comma, a colon or a newline).
mapfile -d '' -t changed < <(git diff -z --name-only --no-renames "$base" "$head" -- "${paths[@]}")

# Workflow commands read %, CR and LF in a message, and also : and , in a property, as syntax.
data() { local s="${1//%/%25}"; s="${s//$'\r'/%0D}"; printf '%s' "${s//$'\n'/%0A}"; }
property() { local s; s="$(data "$1")"; s="${s//:/%3A}"; printf '%s' "${s//,/%2C}"; }

if [ "${#changed[@]}" -eq 0 ]; then
  echo "This pull request changes no code (see .github/CODEOWNERS): only content." >> "$summary"
  exit 0
fi
{
  echo "### This pull request changes code: ${#changed[@]} files"
  echo
  echo "A build runs these files, and pages built from them run in readers' browsers. Review them as"
  echo "code (README, \"What a build reads and writes\") before you build or preview this pull request."
  echo
  for file in "${changed[@]}"; do printf -- '- `%s`\n' "$(data "$file")"; done
} >> "$summary"
for file in "${changed[@]}"; do
  echo "::warning file=$(property "$file"),title=Code changed::$(data "$file") is code, not content: review it as code before building or previewing this pull request"
done
