#!/usr/bin/env bash
# `make audit` for CI: bandit must pass; pip-audit must pass too, unless the vulnerability
# service is unreachable (no network), which is reported and tolerated.
set -uo pipefail
cd "$(dirname "$0")/.."
make -s .venv/.installed-stamp >/dev/null
.venv/bin/bandit -q -r outreach -lll || { echo "bandit: high-severity finding"; exit 1; }
echo "bandit: no high-severity finding"
log=$(mktemp)
.venv/bin/pip-audit --skip-editable --progress-spinner off ${PIP_AUDIT_ARGS:-} >"$log" 2>&1
status=$?
cat "$log"
if [ $status -eq 0 ] && grep -q "could not be audited" "$log"; then
  echo "pip-audit: $(grep -c 'could not be audited' "$log") packages could not be looked up; those were not checked"
elif [ $status -eq 0 ]; then
  echo "pip-audit: no known vulnerability"
elif grep -qiE "connection|resolve|timed out|network|ssl|max retries|proxy|temporary failure" "$log" \
    && ! grep -qiE "found [0-9]+ known vulnerabilit" "$log"; then
  echo "pip-audit: the vulnerability service is unreachable; not checked (reported, not failed)"
else
  echo "pip-audit: known vulnerabilities (see above)"
  exit 1
fi
