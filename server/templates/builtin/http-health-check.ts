import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const httpHealthCheck: BuiltinTemplate = {
  key: 'http-health-check',
  name: 'HTTP health check of camera and stream URLs',
  description:
    'Checks a list of camera / stream URLs: HTTP(S) URLs must answer below 400, RTSP/RTMP/TCP URLs must accept a TCP connection. The result lists each URL with status, time and error.',
  category: 'monitoring',
  language: 'python',
  needs_network: true,
  parameters: [
    {
      name: 'urls',
      label: 'URLs',
      type: 'string',
      required: true,
      description:
        'Camera or stream URLs, separated by spaces, commas or new lines (http, https, rtsp, rtsps, rtmp, tcp).',
      validation: { max: 20000 },
    },
    {
      name: 'timeout_seconds',
      label: 'Timeout per URL (s)',
      type: 'number',
      default: 5,
      required: true,
      description: 'How long to wait for each URL.',
      validation: { min: 1, max: 120 },
    },
    {
      name: 'fail_on_error',
      label: 'Fail when a URL is unhealthy',
      type: 'boolean',
      default: true,
      required: true,
      description: 'Exit with code 1 when any URL is unhealthy, so alerts and workflows can react.',
      validation: {},
    },
  ],
  content: `"""HTTP health check of camera / stream URLs.

Every URL is checked once: http:// and https:// URLs get a GET request and are healthy when the
answer's status is below 400; rtsp://, rtsps://, rtmp:// and tcp:// URLs are healthy when a TCP
connection to their host and port succeeds. The result lists every URL with its outcome; the run
fails (exit 1) when any URL is unhealthy and FAIL_ON_ERROR is set. Needs network access.
"""
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

URLS = {{urls}}
TIMEOUT = {{timeout_seconds}}
FAIL_ON_ERROR = {{fail_on_error}}

STREAM_PORTS = {"rtsp": 554, "rtsps": 322, "rtmp": 1935, "tcp": None}


def check_http(url):
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": "vss-health-check/1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, None
    except urllib.error.HTTPError as err:
        return err.code, "HTTP %d" % err.code
    except (urllib.error.URLError, OSError) as err:
        return None, str(getattr(err, "reason", err))


def check_tcp(parsed):
    try:
        port = parsed.port or STREAM_PORTS[parsed.scheme]
    except ValueError as err:
        return None, str(err)
    if not parsed.hostname or not port:
        return None, "the URL has no host or port"
    try:
        with socket.create_connection((parsed.hostname, port), timeout=TIMEOUT):
            return None, None
    except OSError as err:
        return None, str(err)


urls = [u for u in re.split(r"[\\s,]+", URLS) if u]
if not urls:
    print("no URLs given", file=sys.stderr)
    sys.exit(2)

results = []
for url in urls:
    parsed = urllib.parse.urlparse(url)
    started = time.monotonic()
    if parsed.scheme in ("http", "https"):
        status, error = check_http(url)
        if error is None and status >= 400:
            error = "HTTP %d" % status
    elif parsed.scheme in STREAM_PORTS:
        status, error = check_tcp(parsed)
    else:
        status, error = None, "unsupported scheme %r" % parsed.scheme
    ms = round((time.monotonic() - started) * 1000)
    results.append({"url": url, "ok": error is None, "status": status, "ms": ms, "error": error})
    print("%-4s %s (%d ms) %s" % ("OK" if error is None else "FAIL", url, ms, error or status or ""))

unhealthy = [r for r in results if not r["ok"]]
summary = {"checked": len(results), "healthy": len(results) - len(unhealthy), "unhealthy": len(unhealthy), "results": results}
with open(os.environ["VSS_RESULT_FILE"], "w") as f:
    json.dump(summary, f)
print("%d of %d healthy" % (summary["healthy"], summary["checked"]))
sys.exit(1 if unhealthy and FAIL_ON_ERROR else 0)
`,
};
