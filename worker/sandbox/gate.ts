/**
 * Prepared sandboxes: the whole sandbox (namespaces, mounts, rlimits, privilege drop) and, for
 * python, the interpreter itself are started before a run arrives and wait at a "gate" that reads
 * the run's environment from stdin. Each prepared sandbox serves exactly one run and is then gone,
 * so every run still gets fresh namespaces, a fresh /tmp and its own uid: only the start-up cost
 * leaves the critical path.
 *
 * Payload on stdin: "<body length in bytes>\n" then, per variable, "<length>:<NAME=VALUE>". Length
 * prefixes because values may hold any byte but NUL, and bash reads a pipe byte by byte unless told
 * exactly how much to read (read -N).
 */
import { isLoaderSensitiveEnv, sandboxPath, scriptFileName } from './conventions';
import type { SandboxSpec } from './types';

/**
 * $1 = env(1), $2 = interpreter, $3 = script. Every variable the gate inherited is in the payload
 * too (the defaults of buildScriptEnv), so exporting the payload gives bash exactly the run's
 * environment (bash lowers SHLVL for an exec, so the script's bash counts from 1 as when started
 * fresh).
 * Names bash cannot export or manages itself go through `env -i` instead (one exec more).
 */
const BASH_GATE = [
  'LC_ALL=C',
  'IFS= read -r __vss_n || exit 125',
  'case $__vss_n in ""|*[!0-9]*) exit 125;; esac',
  'IFS= read -r -d "" -N "$__vss_n" __vss_x',
  '[ "${#__vss_x}" -eq "$__vss_n" ] || exit 125',
  'exec </dev/null',
  '__vss_v=()',
  'while [ -n "$__vss_x" ]; do __vss_k=${__vss_x%%:*}; __vss_x=${__vss_x#*:}; __vss_v+=("${__vss_x:0:__vss_k}"); __vss_x=${__vss_x:__vss_k}; done',
  'for __vss_e in "${__vss_v[@]}"; do',
  '  case ${__vss_e%%=*} in ""|[0-9]*|*[!A-Za-z0-9_]*|__vss_*|BASH*|SHELLOPTS|UID|EUID|PPID|SHLVL|_) exec "$1" -i -- "${__vss_v[@]}" "$2" "$3";; esac',
  'done',
  'for __vss_e in "${__vss_v[@]}"; do export "$__vss_e"; done',
  'exec "$2" "$3"',
].join('\n');

/**
 * The warm interpreter: it has loaded `json` (every script's input and result are JSON) while
 * waiting; after the payload, __main__ is reset to what `python3 /work/script.py` gives (globals,
 * sys.argv, sys.path[0], environment), stdin becomes /dev/null and the script is compiled and run
 * under its own file name. An uncaught exception is reported without the gate's
 * frame, with exit status 1 like the interpreter's own handler.
 */
const PYTHON_GATE = `
def _vss_gate():
    import os, sys
    import importlib.machinery
    import json  # scripts read their input and write their result as JSON; loading it costs ~7 ms
    data = b''
    while b'\\n' not in data:
        chunk = os.read(0, 65536)
        if not chunk:
            os._exit(125)
        data += chunk
    head, _, body = data.partition(b'\\n')
    if not head.isdigit():
        os._exit(125)
    n = int(head)
    while len(body) < n:
        chunk = os.read(0, 65536)
        if not chunk:
            os._exit(125)
        body += chunk
    null = os.open('/dev/null', os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    env = {}
    i = 0
    while i < n:
        colon = body.index(b':', i)
        k = int(body[i:colon])
        name, _, value = body[colon + 1:colon + 1 + k].partition(b'=')
        env[name] = value
        i = colon + 1 + k
    os.environ.clear()
    for name, value in env.items():
        os.environb[name] = value
    path = ${JSON.stringify(sandboxPath(scriptFileName('python')))}
    sys.argv[:] = [path]
    sys.path[0] = os.path.dirname(path)
    main = sys.modules['__main__']
    g = main.__dict__
    for name in [name for name in g if name != '__builtins__']:
        del g[name]
    g.update(__name__='__main__', __doc__=None, __package__=None, __spec__=None, __cached__=None, __annotations__={},
             __file__=path, __loader__=importlib.machinery.SourceFileLoader('__main__', path))
    with open(path, 'rb') as f:
        code = compile(f.read(), path, 'exec')
    try:
        exec(code, g)
    except SystemExit:
        raise
    except BaseException as e:
        e = e.with_traceback(e.__traceback__.tb_next)
        sys.excepthook(type(e), e, e.__traceback__)
        sys.exit(1)
_vss_gate()
`;

/** The command that waits at the gate, in place of `interpreter /work/script`. */
export function gateCommand(language: SandboxSpec['language'], interpreter: string, envTool: string): string[] {
  if (language === 'python') return [interpreter, '-c', PYTHON_GATE];
  return [interpreter, '-c', BASH_GATE, 'vss-gate', envTool, interpreter, sandboxPath(scriptFileName('bash'))];
}

/** What is written to a prepared sandbox's stdin to let its run start. */
export function encodeGatePayload(env: Array<[string, string]>): Buffer {
  const records = env.map(([name, value]) => {
    const record = Buffer.from(`${name}=${value}`);
    return Buffer.concat([Buffer.from(`${record.length}:`), record]);
  });
  const body = Buffer.concat(records);
  return Buffer.concat([Buffer.from(`${body.length}\n`), body]);
}

/**
 * Variables the python interpreter reads while starting (and glibc's loader variables): a warm
 * interpreter has started without the run's values, so such a run gets a sandbox started for it.
 * Bash is exec'd fresh after the gate and takes any environment.
 */
export function startupSensitive(name: string): boolean {
  return (
    name.startsWith('PYTHON') ||
    name.startsWith('LC_') ||
    ['LANG', 'LANGUAGE', 'HOME', 'TZ'].includes(name) ||
    isLoaderSensitiveEnv(name)
  );
}

export function canUsePrepared(spec: Pick<SandboxSpec, 'language' | 'env'>): boolean {
  if (spec.language === 'bash') return true;
  return !Object.keys(spec.env).some(startupSensitive);
}
