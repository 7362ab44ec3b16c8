import type { BuiltinTemplate } from './builtin-template';

// Built-in template (seeded at start-up, matched by key). `content` is a template literal, so \\,
// \` and \${ in it are escapes. Its run test: server/templates/tests/builtin-run.test.ts.
export const pingHosts: BuiltinTemplate = {
  key: 'ping-hosts',
  name: 'Ping a list of hosts',
  description:
    'One ICMP echo per host (ping -c1 -W1). Needs the ping program and ICMP permission on the worker host; can fall back to a TCP connection test on a port.',
  category: 'monitoring',
  language: 'bash',
  needs_network: true,
  parameters: [
    {
      name: 'hosts',
      label: 'Hosts',
      type: 'string',
      required: true,
      description: 'Host names or IP addresses, separated by spaces or commas.',
      validation: { max: 20000 },
    },
    {
      name: 'fallback_tcp_port',
      label: 'Fallback TCP port',
      type: 'number',
      required: false,
      description: 'Optional: when ping is missing or not permitted, test a TCP connection to this port instead.',
      validation: { min: 1, max: 65535 },
    },
  ],
  content: `#!/usr/bin/env bash
# Ping a list of hosts: one ICMP echo each (ping -c1 -W1). ICMP needs the ping program on the
# worker host and either a raw-socket capability or unprivileged ICMP sockets
# (net.ipv4.ping_group_range); scripts run without capabilities, so where ping is missing or not
# permitted the script says so, and with FALLBACK_TCP_PORT set it tries a TCP connection to that
# port instead. Needs network access. Fails (exit 1) when any host is unreachable.
set -uo pipefail

HOSTS={{hosts}}
FALLBACK_TCP_PORT={{fallback_tcp_port}}

FALLBACK_TCP_PORT=\${FALLBACK_TCP_PORT%%.*}

json_string() {
  local s=$1
  s=\${s//\\\\/\\\\\\\\}
  s=\${s//\\"/\\\\\\"}
  s=\${s//$'\\n'/\\\\n}
  s=\${s//$'\\t'/\\\\t}
  s=\${s//$'\\r'/\\\\r}
  printf '"%s"' "$s"
}

read -r -a targets <<< "\${HOSTS//,/ }"
if [ "\${#targets[@]}" -eq 0 ]; then
  echo "no hosts given" >&2
  exit 2
fi

have_ping=false
command -v ping >/dev/null 2>&1 && have_ping=true
$have_ping || echo "note: ping is not installed on the worker host (Debian/Ubuntu package iputils-ping)" >&2

up=0
down=0
entries=""
for host in "\${targets[@]}"; do
  reachable=false
  method=none
  error=""
  if ! [[ "$host" =~ ^[A-Za-z0-9._:]+(-[A-Za-z0-9._:]+)*$ ]]; then
    error="not a host name or address"
  else
    if $have_ping; then
      method=icmp
      if out=$(ping -c1 -W1 "$host" 2>&1); then
        reachable=true
      else
        error=$(printf '%s' "$out" | tail -n 1)
      fi
    else
      error="ping is not installed"
    fi
    if ! $reachable && [ -n "$FALLBACK_TCP_PORT" ] && { ! $have_ping || [[ "$error" =~ [Pp]ermi(tted|ssion) ]]; }; then
      method=tcp
      if timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$FALLBACK_TCP_PORT" 2>/dev/null; then
        reachable=true
        error=""
      else
        error="\${error:+$error; }no TCP connection to port $FALLBACK_TCP_PORT"
      fi
    fi
  fi
  if $reachable; then
    up=$((up + 1))
    echo "UP   $host ($method)"
  else
    down=$((down + 1))
    echo "DOWN $host: $error"
  fi
  entries+="\${entries:+,}{\\"host\\":$(json_string "$host"),\\"reachable\\":$reachable,\\"method\\":\\"$method\\",\\"error\\":$(json_string "$error")}"
done

printf '{"ping_installed":%s,"reachable":%d,"unreachable":%d,"hosts":[%s]}\\n' "$have_ping" "$up" "$down" "$entries" > "$VSS_RESULT_FILE"
echo "$up reachable, $down unreachable"
[ "$down" -eq 0 ]
`,
};
