import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const webhookNotify: BuiltinTemplate = {
  key: 'webhook-notify',
  name: 'Send a notification to a webhook',
  description:
    "POSTs a JSON notification (title, message, severity, execution id) to a webhook URL; the run's input may override title, message and severity. Optional bearer token from a secret.",
  category: 'notification',
  language: 'python',
  needs_network: true,
  parameters: [
    {
      name: 'webhook_url',
      label: 'Webhook URL',
      type: 'string',
      required: true,
      description: 'Where to POST the notification.',
      validation: { pattern: '^https?://\\S+$' },
    },
    {
      name: 'title',
      label: 'Title',
      type: 'string',
      default: 'VSS notification',
      required: true,
      description: 'Notification title.',
      validation: { max: 500 },
    },
    {
      name: 'message',
      label: 'Message',
      type: 'string',
      default: '',
      required: false,
      description: 'Notification text.',
      validation: { max: 10000 },
    },
    {
      name: 'severity',
      label: 'Severity',
      type: 'enum',
      default: 'info',
      required: true,
      description: 'Notification severity.',
      validation: {
        options: ['info', 'warning', 'critical'],
      },
    },
    {
      name: 'auth_token',
      label: 'Bearer token secret',
      type: 'secret',
      required: false,
      description: 'Optional: the secret holding a bearer token for the webhook.',
      validation: {},
    },
    {
      name: 'timeout_seconds',
      label: 'Timeout (s)',
      type: 'number',
      default: 10,
      required: true,
      description: 'How long to wait for the webhook.',
      validation: { min: 1, max: 300 },
    },
  ],
  content: `"""Send a notification to a webhook.

POSTs a JSON message {title, message, severity, source, execution_id, sent_at} to WEBHOOK_URL
(chat tools, incident systems, the VSS platform's own event endpoint). When the run's input (from
an event, trigger or workflow step) holds "title", "message" or "severity", those win over the
values set here. An optional bearer token is read from a secret. Fails (exit 1) unless the
webhook answers 2xx. Needs network access.
"""
import datetime
import json
import os
import sys
import urllib.error
import urllib.request

WEBHOOK_URL = {{webhook_url}}
TITLE = {{title}}
MESSAGE = {{message}}
SEVERITY = {{severity}}
TOKEN = {{auth_token}}
TIMEOUT = {{timeout_seconds}}

overrides = {}
try:
    with open(os.environ["VSS_INPUT_FILE"], encoding="utf-8") as f:
        overrides = json.load(f)
except (OSError, ValueError):
    pass
if not isinstance(overrides, dict):
    overrides = {}

payload = {
    "title": str(overrides.get("title", TITLE)),
    "message": str(overrides.get("message", MESSAGE)),
    "severity": str(overrides.get("severity", SEVERITY)),
    "source": "vss-script-orchestration",
    "execution_id": os.environ.get("VSS_EXECUTION_ID"),
    "sent_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
}
headers = {"Content-Type": "application/json", "User-Agent": "vss-notify/1"}
if TOKEN:
    headers["Authorization"] = "Bearer " + TOKEN
request = urllib.request.Request(WEBHOOK_URL, data=json.dumps(payload).encode("utf-8"), method="POST", headers=headers)
result = {"url": WEBHOOK_URL, "status": None, "sent": payload}
try:
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        result["status"] = response.status
        result["answer"] = response.read(2000).decode("utf-8", "replace")
except urllib.error.HTTPError as err:
    result["status"] = err.code
    result["answer"] = err.read(2000).decode("utf-8", "replace")
except (urllib.error.URLError, OSError) as err:
    result["error"] = str(getattr(err, "reason", err))

ok = result["status"] is not None and 200 <= result["status"] < 300
with open(os.environ["VSS_RESULT_FILE"], "w", encoding="utf-8") as f:
    json.dump(result, f, ensure_ascii=False)
if ok:
    print("notification sent (HTTP %d)" % result["status"])
else:
    print("notification failed: %s" % (result.get("error") or "HTTP %s" % result["status"]), file=sys.stderr)
sys.exit(0 if ok else 1)
`,
};
