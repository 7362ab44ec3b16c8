import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const diskUsageAlert: BuiltinTemplate = {
  key: 'disk-usage-alert',
  name: 'Disk usage alert',
  description:
    'Reports how full the file systems holding the given paths are (df) and fails when any is at or above the threshold.',
  category: 'maintenance',
  language: 'bash',
  needs_network: false,
  parameters: [
    {
      name: 'paths',
      label: 'Paths',
      type: 'string',
      default: '/',
      required: true,
      description: 'Paths whose file systems to check, separated by spaces or commas.',
      validation: { min: 1 },
    },
    {
      name: 'threshold_percent',
      label: 'Alert threshold (%)',
      type: 'number',
      default: 90,
      required: true,
      description: 'Alert when a file system is at least this full.',
      validation: { min: 0, max: 100 },
    },
  ],
  content: `#!/usr/bin/env bash
# Disk usage alert: reports how full the file systems holding PATHS are (df) and fails (exit 1)
# when any is at or above THRESHOLD percent, so a schedule, trigger or workflow can react.
set -uo pipefail

PATHS={{paths}}
THRESHOLD={{threshold_percent}}

THRESHOLD=\${THRESHOLD%%.*}

json_string() {
  local s=$1
  s=\${s//\\\\/\\\\\\\\}
  s=\${s//\\"/\\\\\\"}
  s=\${s//$'\\n'/\\\\n}
  s=\${s//$'\\t'/\\\\t}
  printf '"%s"' "$s"
}

read -r -a targets <<< "\${PATHS//,/ }"
if [ "\${#targets[@]}" -eq 0 ]; then
  echo "no paths given" >&2
  exit 2
fi

alerts=0
errors=0
entries=""
for target in "\${targets[@]}"; do
  if ! line=$(df -P -k -- "$target" 2>&1 | tail -n 1) || [ ! -e "$target" ]; then
    echo "ERROR $target: $line" >&2
    errors=$((errors + 1))
    entries+="\${entries:+,}{\\"path\\":$(json_string "$target"),\\"error\\":$(json_string "$line")}"
    continue
  fi
  read -r fs size used avail pct mount <<< "$line"
  pct=\${pct%\\%}
  state=ok
  if [ "$pct" -ge "$THRESHOLD" ]; then
    state=alert
    alerts=$((alerts + 1))
  fi
  printf '%-5s %s: %s%% used (%s KiB free) on %s mounted at %s\\n' "$state" "$target" "$pct" "$avail" "$fs" "$mount"
  entries+="\${entries:+,}{\\"path\\":$(json_string "$target"),\\"filesystem\\":$(json_string "$fs"),\\"mount\\":$(json_string "$mount"),\\"used_percent\\":$pct,\\"size_kb\\":$size,\\"available_kb\\":$avail,\\"alert\\":$([ "$state" = alert ] && echo true || echo false)}"
done

printf '{"threshold_percent":%d,"alerts":%d,"errors":%d,"filesystems":[%s]}\\n' "$THRESHOLD" "$alerts" "$errors" "$entries" > "$VSS_RESULT_FILE"
if [ "$alerts" -gt 0 ] || [ "$errors" -gt 0 ]; then
  echo "$alerts file system(s) at or above \${THRESHOLD}%, $errors error(s)" >&2
  exit 1
fi
echo "all below \${THRESHOLD}%"
`,
};
