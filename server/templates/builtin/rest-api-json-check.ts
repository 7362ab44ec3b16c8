import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const restApiJsonCheck: BuiltinTemplate = {
  key: 'rest-api-json-check',
  name: 'Call a REST API and check the JSON',
  description:
    'Calls a REST endpoint, requires a 2xx JSON answer and checks a value in it (dotted path), optionally against an expected value. Optional bearer token from a secret.',
  category: 'integration',
  language: 'python',
  needs_network: true,
  parameters: [
    {
      name: 'url',
      label: 'URL',
      type: 'string',
      required: true,
      description: 'The endpoint to call.',
      validation: { pattern: '^https?://\\S+$' },
    },
    {
      name: 'method',
      label: 'Method',
      type: 'enum',
      default: 'GET',
      required: true,
      description: 'HTTP method.',
      validation: {
        options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      },
    },
    {
      name: 'body_json',
      label: 'JSON body',
      type: 'string',
      default: '',
      required: false,
      description: 'Optional request body (JSON).',
      validation: {},
    },
    {
      name: 'json_path',
      label: 'Value to check',
      type: 'string',
      default: '',
      required: false,
      description: 'Dotted path into the answer, e.g. data.items.0.status; empty checks the whole answer.',
      validation: {},
    },
    {
      name: 'expected_value',
      label: 'Expected value',
      type: 'string',
      default: '',
      required: false,
      description: 'Optional: the value the path must have (JSON such as true, 3 or "ok", or plain text).',
      validation: {},
    },
    {
      name: 'auth_token',
      label: 'Bearer token secret',
      type: 'secret',
      required: false,
      description: 'Optional: the secret holding a bearer token (sent as Authorization: Bearer ...).',
      validation: {},
    },
    {
      name: 'timeout_seconds',
      label: 'Timeout (s)',
      type: 'number',
      default: 10,
      required: true,
      description: 'How long to wait for the answer.',
      validation: { min: 1, max: 300 },
    },
  ],
  content: `"""Call a REST API and check its JSON answer.

Sends one request (optionally with a JSON body and a bearer token read from a secret), requires a
2xx answer with a JSON body, looks up JSON_PATH in it (dotted: "data.items.0.status"; empty = the
whole answer) and, when EXPECTED is set, compares the value found with it (as JSON when EXPECTED
parses as JSON, e.g. true / 3 / "ok", else as text). The run fails (exit 1) when any check fails;
the result holds the status, the value found and the verdict. Needs network access.
"""
import json
import os
import sys
import urllib.error
import urllib.request

URL = {{url}}
METHOD = {{method}}
BODY = {{body_json}}
JSON_PATH = {{json_path}}
EXPECTED = {{expected_value}}
TOKEN = {{auth_token}}
TIMEOUT = {{timeout_seconds}}

MISSING = object()


def lookup(data, path):
    for part in [p for p in (path or "").split(".") if p]:
        if isinstance(data, list) and part.lstrip("-").isdigit() and -len(data) <= int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return MISSING
    return data


def matches(value, expected):
    try:
        if json.loads(expected) == value:
            return True
    except ValueError:
        pass
    return value == expected or (not isinstance(value, (dict, list)) and json.dumps(value) == expected)


def finish(result, ok, message):
    result["ok"] = ok
    result["message"] = message
    with open(os.environ["VSS_RESULT_FILE"], "w") as f:
        json.dump(result, f)
    print(("OK: " if ok else "FAILED: ") + message, file=sys.stdout if ok else sys.stderr)
    sys.exit(0 if ok else 1)


headers = {"Accept": "application/json", "User-Agent": "vss-api-check/1"}
if TOKEN:
    headers["Authorization"] = "Bearer " + TOKEN
data = None
if BODY:
    json.loads(BODY)  # refuse a malformed body before sending it
    data = BODY.encode("utf-8")
    headers["Content-Type"] = "application/json"

result = {"url": URL, "method": METHOD, "status": None, "json_path": JSON_PATH or "", "value": None}
request = urllib.request.Request(URL, data=data, method=METHOD, headers=headers)
try:
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        result["status"] = response.status
        raw = response.read()
except urllib.error.HTTPError as err:
    result["status"] = err.code
    finish(result, False, "%s %s answered HTTP %d" % (METHOD, URL, err.code))
except (urllib.error.URLError, OSError) as err:
    finish(result, False, "%s %s failed: %s" % (METHOD, URL, getattr(err, "reason", err)))

try:
    answer = json.loads(raw.decode("utf-8"))
except ValueError as err:
    finish(result, False, "the answer is not JSON: %s" % err)

value = lookup(answer, JSON_PATH)
if value is MISSING:
    finish(result, False, "%r not found in the answer" % JSON_PATH)
result["value"] = value
if EXPECTED not in (None, "") and not matches(value, EXPECTED):
    finish(result, False, "%s is %s, expected %s" % (JSON_PATH or "the answer", json.dumps(value), EXPECTED))
finish(result, True, "HTTP %d, %s = %s" % (result["status"], JSON_PATH or "answer", json.dumps(value)[:500]))
`,
};
