import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const postgresQueryToCsv: BuiltinTemplate = {
  key: 'postgres-query-to-csv',
  name: 'PostgreSQL query to CSV',
  description:
    "Runs a query with psql and writes the rows as CSV into the run's work directory (and prints the first rows). Needs the psql client on the worker host; without it the run fails with an explanation.",
  category: 'data',
  language: 'python',
  needs_network: true,
  parameters: [
    {
      name: 'connection',
      label: 'Connection string secret',
      type: 'secret',
      default: 'PG_CONNECTION',
      required: true,
      description: 'The secret holding a libpq connection string, e.g. postgresql://user:password@host:5432/database.',
      validation: {},
    },
    {
      name: 'query',
      label: 'Query',
      type: 'string',
      default: 'select now() as checked_at',
      required: true,
      description: 'The SQL to run (one statement).',
      validation: { min: 1 },
    },
    {
      name: 'output_file',
      label: 'Output file',
      type: 'string',
      default: 'result.csv',
      required: true,
      description: "CSV file name in the run's work directory.",
      validation: { pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    },
    {
      name: 'timeout_seconds',
      label: 'Timeout (s)',
      type: 'number',
      default: 60,
      required: true,
      description: 'Connection and query time limit.',
      validation: { min: 1, max: 3600 },
    },
  ],
  content: `"""PostgreSQL query to CSV.

Runs QUERY with the psql client (PostgreSQL's command-line client, which must be installed on the
worker host: the sandbox uses the host's /usr read-only) and writes the rows as CSV to OUTPUT_FILE
in the run's work directory; the first lines are also printed. The connection string
(postgresql://user:password@host:5432/database) comes from a secret. Without psql the run fails
with an explanation. Needs network access unless the database is reached through a local socket.
"""
import csv
import json
import os
import shutil
import subprocess
import sys

CONNECTION = {{connection}}
QUERY = {{query}}
OUTPUT_FILE = {{output_file}}
TIMEOUT = {{timeout_seconds}}
PREVIEW_ROWS = 20


def finish(result, code):
    with open(os.environ["VSS_RESULT_FILE"], "w") as f:
        json.dump(result, f)
    sys.exit(code)


psql = shutil.which("psql")
if psql is None:
    message = (
        "psql (the PostgreSQL client) is not installed on the worker host, so this script cannot run "
        "the query. Install it where the worker runs (Debian/Ubuntu: apt-get install postgresql-client; "
        "RHEL/Rocky: dnf install postgresql) and run again."
    )
    print(message, file=sys.stderr)
    finish({"ok": False, "error": "psql_not_installed", "message": message}, 3)
if not CONNECTION:
    print("no connection string: set the secret named by the connection parameter", file=sys.stderr)
    finish({"ok": False, "error": "no_connection"}, 2)

output = os.path.join(os.getcwd(), OUTPUT_FILE)
env = dict(os.environ, PGCONNECT_TIMEOUT=str(max(1, int(TIMEOUT))), PGAPPNAME="vss-query-to-csv")
try:
    proc = subprocess.run(
        [psql, "--no-psqlrc", "--csv", "--set", "ON_ERROR_STOP=1", "--dbname", CONNECTION, "--command", QUERY],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
    )
except subprocess.TimeoutExpired:
    print("the query did not finish within %s seconds" % TIMEOUT, file=sys.stderr)
    finish({"ok": False, "error": "timeout"}, 1)
if proc.returncode != 0:
    print(proc.stderr.strip() or "psql exited with %d" % proc.returncode, file=sys.stderr)
    finish({"ok": False, "error": "query_failed", "message": proc.stderr.strip()[-2000:]}, 1)

with open(output, "w", newline="") as f:
    f.write(proc.stdout)
rows = list(csv.reader(proc.stdout.splitlines()))
columns = rows[0] if rows else []
for line in proc.stdout.splitlines()[: PREVIEW_ROWS + 1]:
    print(line)
print("%d row(s) written to %s" % (max(0, len(rows) - 1), output))
finish({"ok": True, "rows": max(0, len(rows) - 1), "columns": columns, "file": output}, 0)
`,
};
