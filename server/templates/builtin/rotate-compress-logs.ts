import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const rotateCompressLogs: BuiltinTemplate = {
  key: 'rotate-compress-logs',
  name: 'Rotate and compress log files',
  description:
    'Compresses each matching log file to NAME.<timestamp>.gz (gzip), truncates it in place and keeps only the newest N archives.',
  category: 'maintenance',
  language: 'bash',
  needs_network: false,
  parameters: [
    {
      name: 'directory',
      label: 'Log directory',
      type: 'string',
      required: true,
      description:
        'Directory holding the log files (not searched recursively). A host directory must be granted to the script as a read-write host resource.',
      validation: { pattern: '^/.+' },
      host_resource: { kind: 'directory', mode: 'read-write' },
    },
    {
      name: 'pattern',
      label: 'File name pattern',
      type: 'string',
      default: '*.log',
      required: true,
      description: 'Which files to rotate (shell pattern).',
      validation: { min: 1 },
    },
    {
      name: 'keep',
      label: 'Archives to keep',
      type: 'number',
      default: 7,
      required: true,
      description: 'How many compressed archives of each log to keep.',
      validation: { min: 1, max: 1000 },
    },
    {
      name: 'min_size_kb',
      label: 'Minimum size (KiB)',
      type: 'number',
      default: 0,
      required: true,
      description: 'Skip files smaller than this.',
      validation: { min: 0, max: 10485760 },
    },
  ],
  content: `#!/usr/bin/env bash
# Rotate and compress log files: every file in DIRECTORY matching PATTERN that holds at least
# MIN_SIZE_KB KiB (and is not empty) is compressed to NAME.<timestamp>.gz and then truncated in
# place (copy-truncate, so programs writing it keep their file handle). Only the newest KEEP
# archives of each log are kept.
set -euo pipefail
shopt -s nullglob

DIRECTORY={{directory}}
PATTERN={{pattern}}
KEEP={{keep}}
MIN_SIZE_KB={{min_size_kb}}

KEEP=\${KEEP%%.*}
MIN_SIZE_KB=\${MIN_SIZE_KB%%.*}

if ! command -v gzip >/dev/null 2>&1; then
  echo "gzip is not installed on the worker host" >&2
  exit 3
fi
if [ ! -d "$DIRECTORY" ]; then
  echo "directory not found: $DIRECTORY (a host directory is visible to a script only when it is granted to it as a host resource)" >&2
  exit 2
fi
if [ ! -w "$DIRECTORY" ]; then
  echo "directory is read-only for this script: $DIRECTORY (grant it as a read-write host resource, and let the sandbox's uid write it on the host)" >&2
  exit 2
fi

stamp=$(date +%Y%m%d-%H%M%S)
rotated=0
skipped=0
removed=0
while IFS= read -r -d '' file; do
  size=$(stat -c %s -- "$file")
  if [ "$size" -eq 0 ] || [ "$size" -lt $((MIN_SIZE_KB * 1024)) ]; then
    skipped=$((skipped + 1))
    continue
  fi
  archive="$file.$stamp.gz"
  n=1
  while [ -e "$archive" ]; do
    archive="$file.$stamp-$n.gz"
    n=$((n + 1))
  done
  gzip -c -- "$file" > "$archive"
  : > "$file"
  rotated=$((rotated + 1))
  echo "rotated: $file -> $archive ($size bytes)"
  archives=("$file".[0-9]*.gz)
  excess=$((\${#archives[@]} - KEEP))
  for ((i = 0; i < excess; i++)); do
    rm -f -- "\${archives[i]}"
    removed=$((removed + 1))
    echo "removed old archive: \${archives[i]}"
  done
done < <(find "$DIRECTORY" -maxdepth 1 -type f -name "$PATTERN" -print0 | sort -z)

printf '{"rotated":%d,"skipped":%d,"archives_removed":%d}\\n' "$rotated" "$skipped" "$removed" > "$VSS_RESULT_FILE"
echo "$rotated rotated, $skipped skipped, $removed old archive(s) removed"
`,
};
