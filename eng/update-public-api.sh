#!/usr/bin/env bash
# Adds the public API entries the PublicApiAnalyzers report as missing (RS0016) to PublicAPI.Unshipped.txt, and drops
# entries for removed symbols (RS0017). Reads the exact API names from a SARIF log of a build.
# Usage: eng/update-public-api.sh runtime/Advisor.Runtime
set -euo pipefail
project_dir="$1"
sarif="$(mktemp -d)/api.sarif"
dotnet build "$project_dir" -p:ErrorLog="$sarif%2Cversion=2.1" >/dev/null 2>&1 || true
python3 - "$sarif" "$project_dir/PublicAPI.Unshipped.txt" <<'PY'
import json, sys
sarif, unshipped = sys.argv[1], sys.argv[2]
results = json.load(open(sarif))['runs'][0].get('results', [])
add = {r['properties']['customProperties']['APIName'] for r in results if r['ruleId'] == 'RS0016'}
remove = set()
for r in results:
    if r['ruleId'] == 'RS0017':
        remove.add(r['properties']['customProperties'].get('APIName', ''))
lines = [l.rstrip('\n') for l in open(unshipped) if l.strip()]
header = [l for l in lines if l.startswith('#')]
body = sorted((set(l for l in lines if not l.startswith('#')) | add) - remove, key=str.lower)
open(unshipped, 'w').write('\n'.join(header + body) + '\n')
print(f'added {len(add)}, removed {len(remove)}')
PY
