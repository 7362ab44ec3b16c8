import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const cleanupOldRecordings: BuiltinTemplate = {
  key: 'cleanup-old-recordings',
  name: 'Clean up old recordings',
  description:
    'Deletes recordings older than N days in a directory (find -mtime). Dry run by default: it then only lists what it would delete.',
  category: 'maintenance',
  language: 'bash',
  needs_network: false,
  parameters: [
    {
      name: 'directory',
      label: 'Recordings directory',
      type: 'string',
      required: true,
      description:
        'Directory to clean up (searched recursively). The root directory is refused. A host directory must be granted to the script as a read-write host resource.',
      validation: { pattern: '^/.+' },
      host_resource: { kind: 'directory', mode: 'read-write' },
    },
    {
      name: 'days',
      label: 'Older than (days)',
      type: 'number',
      default: 30,
      required: true,
      description: 'Delete files last modified more than this many whole days ago.',
      validation: { min: 0, max: 36500 },
    },
    {
      name: 'pattern',
      label: 'File name pattern',
      type: 'string',
      default: '*',
      required: true,
      description: 'Only files whose names match this shell pattern, e.g. *.mp4.',
      validation: { min: 1 },
    },
    {
      name: 'dry_run',
      label: 'Dry run',
      type: 'boolean',
      default: true,
      required: true,
      description: 'Only list the files that would be deleted.',
      validation: {},
    },
  ],
  content: `#!/usr/bin/env bash
# Clean up old recordings: deletes the files under DIRECTORY whose names match PATTERN and that
# were last modified more than DAYS whole days ago (find -mtime +DAYS). With DRY_RUN=true (the
# default) it only lists what it would delete. The result counts matched/deleted files and bytes.
set -euo pipefail

DIRECTORY={{directory}}
DAYS={{days}}
PATTERN={{pattern}}
DRY_RUN={{dry_run}}

DAYS=\${DAYS%%.*}

json_string() {
  local s=$1
  s=\${s//\\\\/\\\\\\\\}
  s=\${s//\\"/\\\\\\"}
  s=\${s//$'\\n'/\\\\n}
  s=\${s//$'\\t'/\\\\t}
  printf '"%s"' "$s"
}

if [ -z "$DIRECTORY" ] || [ ! -d "$DIRECTORY" ]; then
  echo "directory not found: '$DIRECTORY' (a host directory is visible to a script only when it is granted to it as a host resource)" >&2
  exit 2
fi
if [ "$(cd -- "$DIRECTORY" && pwd -P)" = "/" ]; then
  echo "refusing to clean up the root directory: give the recordings directory" >&2
  exit 2
fi
if [ "$DRY_RUN" != "true" ] && [ ! -w "$DIRECTORY" ]; then
  echo "directory is read-only for this script: '$DIRECTORY' (grant it as a read-write host resource, and let the sandbox's uid write it on the host)" >&2
  exit 2
fi

matched=0
deleted=0
failed=0
bytes=0
while IFS= read -r -d '' file; do
  size=$(stat -c %s -- "$file" 2>/dev/null || echo 0)
  matched=$((matched + 1))
  bytes=$((bytes + size))
  if [ "$DRY_RUN" = "true" ]; then
    echo "would delete: $file ($size bytes)"
  elif rm -f -- "$file"; then
    deleted=$((deleted + 1))
    echo "deleted: $file ($size bytes)"
  else
    failed=$((failed + 1))
  fi
done < <(find "$DIRECTORY" -type f -name "$PATTERN" -mtime +"$DAYS" -print0)

printf '{"directory":%s,"days":%d,"dry_run":%s,"matched":%d,"deleted":%d,"failed":%d,"bytes":%d}\\n' \\
  "$(json_string "$DIRECTORY")" "$DAYS" "$DRY_RUN" "$matched" "$deleted" "$failed" "$bytes" > "$VSS_RESULT_FILE"
if [ "$DRY_RUN" = "true" ]; then
  echo "dry run: $matched file(s), $bytes bytes would be deleted"
else
  echo "$deleted file(s) deleted, $bytes bytes; $failed failed"
fi
[ "$failed" -eq 0 ]
`,
};
