import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const jsonAggregate: BuiltinTemplate = {
  key: 'json-aggregate',
  name: 'Aggregate JSON records',
  description:
    "Reads records from the run's input ($VSS_INPUT_FILE), groups them by a field and writes count, sum, min, max and average of a numeric field to the result ($VSS_RESULT_FILE).",
  category: 'data',
  language: 'python',
  needs_network: false,
  parameters: [
    {
      name: 'records_key',
      label: 'Records key',
      type: 'string',
      default: 'records',
      required: true,
      description: 'The input parameter holding the list of records.',
      validation: { min: 1 },
    },
    {
      name: 'group_by',
      label: 'Group by field',
      type: 'string',
      default: 'camera',
      required: true,
      description: 'Records are grouped by this field.',
      validation: { min: 1 },
    },
    {
      name: 'value_field',
      label: 'Value field',
      type: 'string',
      default: 'value',
      required: true,
      description: 'Numeric field to sum and average.',
      validation: { min: 1 },
    },
  ],
  content: `"""Aggregate JSON records.

Reads the run's input (the file named by $VSS_INPUT_FILE: the input parameters given when the
script is run, e.g. by an event, a webhook or a previous workflow step), takes the list under
RECORDS_KEY, groups its records by the field GROUP_BY and writes per-group count, sum, min, max
and average of the numeric field VALUE_FIELD to the run's result ($VSS_RESULT_FILE). Example input: {"records": [{"camera": "gate", "events": 3}, ...]}.
"""
import json
import os
import sys

RECORDS_KEY = {{records_key}}
GROUP_BY = {{group_by}}
VALUE_FIELD = {{value_field}}

with open(os.environ["VSS_INPUT_FILE"], encoding="utf-8") as f:
    data = json.load(f)
records = data.get(RECORDS_KEY) if isinstance(data, dict) else data
if not isinstance(records, list):
    print("the input has no list under %r; run it with input parameters like {%s: [...]}" % (RECORDS_KEY, json.dumps(RECORDS_KEY)), file=sys.stderr)
    sys.exit(2)

groups = {}
skipped = 0
for record in records:
    if not isinstance(record, dict) or GROUP_BY not in record:
        skipped += 1
        continue
    key = record[GROUP_BY]
    key = key if isinstance(key, str) else json.dumps(key)
    group = groups.setdefault(key, {"count": 0, "numeric": 0, "sum": 0, "min": None, "max": None})
    group["count"] += 1
    value = record.get(VALUE_FIELD)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        group["numeric"] += 1
        group["sum"] += value
        group["min"] = value if group["min"] is None else min(group["min"], value)
        group["max"] = value if group["max"] is None else max(group["max"], value)

for key, group in groups.items():
    group["avg"] = group["sum"] / group["numeric"] if group["numeric"] else None
    print("%s: %d record(s), sum %s, avg %s" % (key, group["count"], group["sum"], group["avg"]))

result = {"group_by": GROUP_BY, "value_field": VALUE_FIELD, "records": len(records), "skipped": skipped, "groups": groups}
with open(os.environ["VSS_RESULT_FILE"], "w", encoding="utf-8") as f:
    json.dump(result, f, ensure_ascii=False)
print("%d record(s) in %d group(s), %d skipped" % (len(records) - skipped, len(groups), skipped))
`,
};
