import { isMessageCode, type MessageCode } from '@/server/messages/messages.shared';
import {
  AUTH_FILE,
  AUTH_PATH,
  BLOCK_DEVICE,
  END,
  FETCHERS,
  INTERPRETERS,
  LAST,
  OPTIONS,
  PREFIX,
  REDIRECT,
  ROOT_PATH,
  SHELLS,
  SOME_WORDS,
  WORDS,
  anyOf,
  command,
  commandSource,
  commandStart,
  hasFlag,
} from './shell-patterns';

export type RuleLanguage = 'python' | 'bash' | 'any';
export type Severity = 'block' | 'warn';

export interface DangerRule {
  readonly id: string;
  readonly language: RuleLanguage;
  /** block = destroys or takes over the host; warn = risky but has legitimate uses. */
  readonly severity: Severity;
  /** Applied to normalised text (see normalize-bash.ts / normalize-python.ts), never to raw input. */
  readonly pattern: RegExp;
}

/** The rule's text lives in the message catalogue under `validation.<id>`, in English and Chinese. */
export function ruleCode(id: string): MessageCode {
  const code = `validation.${id}`;
  if (!isMessageCode(code)) throw new Error(`dangerous-command rule ${id} has no text in the message catalogue`);
  return code;
}

const RM_RECURSIVE = '-[a-zA-Z]*[rR][a-zA-Z]*|--recursive';
const CHMOD_RECURSIVE = '-[a-zA-Z]*R[a-zA-Z]*|--recursive';

// Python patterns run on comment-free text whose whitespace runs are single spaces/newlines.
const PY_STR_PREFIX = '[rRbBuU]{0,2}';
const PY_AUTH = String.raw`/etc/(?:passwd|shadow|gshadow|group|sudoers(?:\.d/[^"'\s]*)?)`;
const PY_DEVICE = String.raw`/dev/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|md\d|dm-\d|disk\d|mapper/|k?mem\b)[^"'\s]*`;
const PY_WRITE_MODE = String.raw`\s*,\s*(?:mode\s*=\s*)?${PY_STR_PREFIX}["'][rbt]*[wax+]`;
const PY_ROOT = String.raw`/+(?:(?:bin|boot|dev|etc|home|lib|lib64|opt|root|sbin|srv|usr|var)/*)?|/+\.{1,2}/*|~/*`;

export const DANGEROUS_RULES: readonly DangerRule[] = Object.freeze([
  // ---------------------------------------------------------------- shell: filesystem
  {
    id: 'bash.rm-rf-root',
    language: 'bash',
    severity: 'block',
    pattern: command('rm', `${hasFlag(RM_RECURSIVE)}${WORDS} ${ROOT_PATH}`),
  },
  {
    id: 'bash.find-root-delete',
    language: 'bash',
    severity: 'warn',
    pattern: command(
      'find',
      String.raw` ${ROOT_PATH}${WORDS} -(?:delete${END}|exec(?:dir)? ${PREFIX}(?:[\w.~/-]*/)?(?:rm|shred)${END})`,
    ),
  },
  {
    id: 'bash.chmod-recursive-root',
    language: 'bash',
    severity: 'block',
    pattern: command('chmod', `${hasFlag(CHMOD_RECURSIVE)}${WORDS} ${ROOT_PATH}`),
  },
  {
    id: 'bash.chown-recursive-root',
    language: 'bash',
    severity: 'block',
    pattern: command('chown|chgrp', `${hasFlag(CHMOD_RECURSIVE)}${WORDS} ${ROOT_PATH}`),
  },
  {
    id: 'bash.write-auth-file',
    language: 'bash',
    severity: 'block',
    pattern: anyOf(
      `${REDIRECT}${AUTH_FILE}`,
      commandSource('tee', `${OPTIONS}${WORDS} ${AUTH_FILE}`),
      commandSource('cp|mv|install|ln', `${SOME_WORDS} ${AUTH_PATH}${LAST}`),
      commandSource('sed', String.raw`${WORDS} -[a-zA-Z]*i[^\s;&|]*${WORDS} ${AUTH_FILE}`),
    ),
  },
  // ---------------------------------------------------------------- shell: disks
  {
    id: 'bash.mkfs',
    language: 'bash',
    severity: 'block',
    pattern: command(String.raw`mkfs(?:\.\w+)?|mke2fs`),
  },
  {
    id: 'bash.dd-block-device',
    language: 'bash',
    severity: 'block',
    pattern: command('dd', `${WORDS} of=${BLOCK_DEVICE}`),
  },
  {
    id: 'bash.write-block-device',
    language: 'bash',
    severity: 'block',
    pattern: anyOf(
      `${REDIRECT}${BLOCK_DEVICE}`,
      commandSource('tee', `${OPTIONS}${WORDS} ${BLOCK_DEVICE}`),
      commandSource('cp', `${SOME_WORDS} ${BLOCK_DEVICE}[^\\s;&|()\\x60<>'"]*${LAST}`),
      commandSource('shred|blkdiscard', `${WORDS} ${BLOCK_DEVICE}`),
      commandSource('wipefs', `${hasFlag('-[a-zA-Z]*a|--all')}${WORDS} ${BLOCK_DEVICE}`),
    ),
  },
  // ---------------------------------------------------------------- shell: processes and power
  {
    id: 'bash.fork-bomb',
    language: 'bash',
    severity: 'block',
    pattern: /(?:\bfunction\s+)?([A-Za-z_][\w.-]*|:)\s*(?:\(\s*\)\s*)?\{\s*\1\s*\|\s*\1\s*&\s*;?\s*\}/m,
  },
  {
    id: 'bash.shutdown-reboot',
    language: 'bash',
    severity: 'block',
    pattern: command(
      String.raw`shutdown|reboot|halt|poweroff|(?:tel)?init [06]|systemctl(?: -[\w-]+){0,8} (?:poweroff|reboot|halt|kexec)`,
    ),
  },
  {
    id: 'bash.kill-all',
    language: 'bash',
    severity: 'block',
    pattern: anyOf(
      commandSource('kill', String.raw`(?: -(?:s )?[\w+]+){0,8}? (?:-- )?-1(?= ?(?:$|[;&|)\x60]))`),
      commandSource('killall5'),
    ),
  },
  {
    id: 'bash.firewall-flush',
    language: 'bash',
    severity: 'warn',
    pattern: anyOf(
      commandSource('ip6?tables(?:-legacy|-nft)?', `${WORDS} (?:-F|--flush)${END}`),
      commandSource('nft', ' flush ruleset'),
      commandSource('ufw', ' disable'),
    ),
  },
  {
    id: 'bash.crontab-remove',
    language: 'bash',
    severity: 'warn',
    pattern: command('crontab', `${WORDS} -[a-z]*r[a-z]*${END}`),
  },
  {
    id: 'bash.clear-history',
    language: 'bash',
    severity: 'warn',
    pattern: anyOf(
      commandSource('history', `${WORDS} -[a-z]*c[a-z]*${END}`),
      String.raw`\bunset(?: -v)? HISTFILE\b`,
      String.raw`\bHISTFILE=/dev/null\b`,
      String.raw`\bHISTSIZE=0\b`,
    ),
  },
  // ---------------------------------------------------------------- shell: remote code
  {
    id: 'bash.curl-pipe-shell',
    language: 'bash',
    severity: 'block',
    pattern: new RegExp(
      String.raw`\b${FETCHERS}\b[^\n;]{0,400}?(?<!\|)\|(?!\|)&? ?${PREFIX}(?:[\w.~/-]*/)?(?:${SHELLS}${END}|${INTERPRETERS}(?: -)?(?= ?(?:$|[;&|)\x60])))`,
      'm',
    ),
  },
  {
    id: 'bash.curl-process-substitution',
    language: 'bash',
    severity: 'block',
    pattern: new RegExp(
      String.raw`(?:(?<![\w.-])(?:${SHELLS}|source|${INTERPRETERS})|(?<=^ ?|[;&|({] ?)\.)${WORDS} ?<\( ?${PREFIX}${FETCHERS}\b`,
      'm',
    ),
  },
  {
    id: 'bash.curl-command-substitution',
    language: 'bash',
    severity: 'block',
    pattern: new RegExp(commandStart(String.raw`["']?(?:\$\(|\x60) ?${PREFIX}${FETCHERS}\b`), 'm'),
  },
  // ---------------------------------------------------------------- any language
  {
    id: 'any.sysrq-trigger',
    language: 'any',
    severity: 'block',
    pattern: new RegExp(
      String.raw`(?:${REDIRECT}|\btee(?: -[\w-]+){0,8} |\b(?:open|Path)\s*\(\s*${PY_STR_PREFIX})["']?/proc/sysrq-trigger`,
      'm',
    ),
  },
  // ---------------------------------------------------------------- python
  {
    id: 'python.os-system',
    language: 'python',
    severity: 'warn',
    pattern: /(?:\bos|__import__\s*\(\s*["']os["']\s*\))\s*\.\s*(?:system|popen)\s*\(/,
  },
  {
    id: 'python.subprocess-shell',
    language: 'python',
    severity: 'warn',
    pattern: /[(,]\s*shell\s*=\s*True\b|\bsubprocess\s*\.\s*get(?:status)?output\s*\(|\bcreate_subprocess_shell\s*\(/,
  },
  {
    id: 'python.exec-remote-code',
    language: 'python',
    severity: 'block',
    pattern:
      /(?<![\w.])(?:eval|exec)\s*\([^\n]{0,400}?\b(?:urlopen|urlretrieve|urllib3?|requests\s*\.\s*(?:get|post|request)|httpx|http\.client|aiohttp|socket)\b/,
  },
  {
    id: 'python.eval-exec',
    language: 'python',
    severity: 'warn',
    pattern: /(?<![\w.]|def )(?:eval|exec)\s*\(/,
  },
  {
    id: 'python.rmtree-root',
    language: 'python',
    severity: 'block',
    pattern: new RegExp(
      String.raw`(?<![\w.])(?:shutil\s*\.\s*)?rmtree\s*\(\s*(?:${PY_STR_PREFIX}["'](?:${PY_ROOT})["']|(?:pathlib\s*\.\s*)?Path\s*\(\s*${PY_STR_PREFIX}["'](?:${PY_ROOT})["']\s*\)|(?:pathlib\s*\.\s*)?Path\s*\.\s*home\s*\(\s*\)|os\s*\.\s*path\s*\.\s*expanduser\s*\(\s*["']~/*["']\s*\)|os\s*\.\s*environ\s*\[\s*["']HOME["']\s*\])\s*[,)]`,
    ),
  },
  {
    id: 'python.write-auth-file',
    language: 'python',
    severity: 'block',
    pattern: new RegExp(
      [
        String.raw`\bopen\s*\(\s*${PY_STR_PREFIX}["']${PY_AUTH}["']${PY_WRITE_MODE}`,
        String.raw`\bPath\s*\(\s*${PY_STR_PREFIX}["']${PY_AUTH}["']\s*\)\s*\.\s*(?:write_(?:text|bytes)|open\s*\(\s*["'][rbt]*[wax+])`,
        String.raw`\b(?:shutil\s*\.\s*(?:copy\w*|move)|os\s*\.\s*(?:rename|replace))\s*\([^)\n]{0,300}?,\s*${PY_STR_PREFIX}["']${PY_AUTH}["']`,
      ].join('|'),
    ),
  },
  {
    id: 'python.write-block-device',
    language: 'python',
    severity: 'block',
    pattern: new RegExp(String.raw`\bopen\s*\(\s*${PY_STR_PREFIX}["']${PY_DEVICE}["']${PY_WRITE_MODE}`),
  },
  {
    id: 'python.kill-all',
    language: 'python',
    severity: 'block',
    pattern: /\bos\s*\.\s*kill\s*\(\s*-1\s*,/,
  },
  {
    id: 'python.fork-bomb',
    language: 'python',
    severity: 'block',
    pattern: /\bwhile\s*\(?\s*(?:True|1)\s*\)?\s*:\s*os\s*\.\s*fork\s*\(/,
  },
]);
