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
  readonly message: string;
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
    message:
      'Recursive delete of the filesystem root, the home directory or a top-level system directory would wipe the host.',
  },
  {
    id: 'bash.find-root-delete',
    language: 'bash',
    severity: 'warn',
    pattern: command(
      'find',
      String.raw` ${ROOT_PATH}${WORDS} -(?:delete${END}|exec(?:dir)? ${PREFIX}(?:[\w.~/-]*/)?(?:rm|shred)${END})`,
    ),
    message: 'find starting at / (or ~) that deletes what it finds can remove files across the whole host.',
  },
  {
    id: 'bash.chmod-recursive-root',
    language: 'bash',
    severity: 'block',
    pattern: command('chmod', `${hasFlag(CHMOD_RECURSIVE)}${WORDS} ${ROOT_PATH}`),
    message:
      'Recursive chmod on / or a system directory breaks permissions of every file (sudo, ssh and system services stop working).',
  },
  {
    id: 'bash.chown-recursive-root',
    language: 'bash',
    severity: 'block',
    pattern: command('chown|chgrp', `${hasFlag(CHMOD_RECURSIVE)}${WORDS} ${ROOT_PATH}`),
    message: 'Recursive chown on / or a system directory hands every system file to another owner and breaks the host.',
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
    message:
      'Writing to /etc/passwd, /etc/shadow, /etc/group or sudoers changes who can log in or become root on the host.',
  },
  // ---------------------------------------------------------------- shell: disks
  {
    id: 'bash.mkfs',
    language: 'bash',
    severity: 'block',
    pattern: command(String.raw`mkfs(?:\.\w+)?|mke2fs`),
    message: 'mkfs formats a filesystem and erases everything stored on the target device.',
  },
  {
    id: 'bash.dd-block-device',
    language: 'bash',
    severity: 'block',
    pattern: command('dd', `${WORDS} of=${BLOCK_DEVICE}`),
    message: 'dd writing to a disk device overwrites the disk (partition table, filesystems) below any safety check.',
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
    message: 'Writing or wiping a raw disk device (/dev/sd*, /dev/nvme*, …) destroys the data on that disk.',
  },
  // ---------------------------------------------------------------- shell: processes and power
  {
    id: 'bash.fork-bomb',
    language: 'bash',
    severity: 'block',
    pattern: /(?:\bfunction\s+)?([A-Za-z_][\w.-]*|:)\s*(?:\(\s*\)\s*)?\{\s*\1\s*\|\s*\1\s*&\s*;?\s*\}/m,
    message: 'Fork bomb: a function that pipes into itself in the background exhausts process slots and freezes the host.',
  },
  {
    id: 'bash.shutdown-reboot',
    language: 'bash',
    severity: 'block',
    pattern: command(
      String.raw`shutdown|reboot|halt|poweroff|(?:tel)?init [06]|systemctl(?: -[\w-]+){0,8} (?:poweroff|reboot|halt|kexec)`,
    ),
    message: 'Shutting down or rebooting the machine stops the worker and every other job running on the host.',
  },
  {
    id: 'bash.kill-all',
    language: 'bash',
    severity: 'block',
    pattern: anyOf(
      commandSource('kill', String.raw`(?: -(?:s )?[\w+]+){0,8}? (?:-- )?-1(?= ?(?:$|[;&|)\x60]))`),
      commandSource('killall5'),
    ),
    message: '`kill -1` / killall5 signals every process the user can reach, including the worker running this job.',
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
    message: 'Flushing or disabling the firewall removes network protection from the host.',
  },
  {
    id: 'bash.crontab-remove',
    language: 'bash',
    severity: 'warn',
    pattern: command('crontab', `${WORDS} -[a-z]*r[a-z]*${END}`),
    message: '`crontab -r` deletes every scheduled job of the user without confirmation.',
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
    message: 'Clearing or disabling shell history hides what was run and is a common step of covering tracks.',
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
    message: 'Piping a download straight into a shell or interpreter runs unreviewed remote code on the host.',
  },
  {
    id: 'bash.curl-process-substitution',
    language: 'bash',
    severity: 'block',
    pattern: new RegExp(
      String.raw`(?:(?<![\w.-])(?:${SHELLS}|source|${INTERPRETERS})|(?<=^ ?|[;&|({] ?)\.)${WORDS} ?<\( ?${PREFIX}${FETCHERS}\b`,
      'm',
    ),
    message: 'Running a download through process substitution (bash <(curl …)) executes unreviewed remote code.',
  },
  {
    id: 'bash.curl-command-substitution',
    language: 'bash',
    severity: 'block',
    pattern: new RegExp(commandStart(String.raw`["']?(?:\$\(|\x60) ?${PREFIX}${FETCHERS}\b`), 'm'),
    message: 'Executing the output of a download (sh -c "$(curl …)", eval "$(wget …)") runs unreviewed remote code.',
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
    message: 'Writing to /proc/sysrq-trigger can crash, reboot or power off the kernel immediately.',
  },
  // ---------------------------------------------------------------- python
  {
    id: 'python.os-system',
    language: 'python',
    severity: 'warn',
    pattern: /(?:\bos|__import__\s*\(\s*["']os["']\s*\))\s*\.\s*(?:system|popen)\s*\(/,
    message:
      'os.system/os.popen run a string through the shell; prefer subprocess with an argument list. The command itself is checked too.',
  },
  {
    id: 'python.subprocess-shell',
    language: 'python',
    severity: 'warn',
    pattern: /[(,]\s*shell\s*=\s*True\b|\bsubprocess\s*\.\s*get(?:status)?output\s*\(|\bcreate_subprocess_shell\s*\(/,
    message:
      'Running a command through the shell (shell=True) allows injection through interpolated values; prefer an argument list.',
  },
  {
    id: 'python.exec-remote-code',
    language: 'python',
    severity: 'block',
    pattern:
      /(?<![\w.])(?:eval|exec)\s*\([^\n]{0,400}?\b(?:urlopen|urlretrieve|urllib3?|requests\s*\.\s*(?:get|post|request)|httpx|http\.client|aiohttp|socket)\b/,
    message: 'exec/eval of downloaded content runs unreviewed remote code on the host.',
  },
  {
    id: 'python.eval-exec',
    language: 'python',
    severity: 'warn',
    pattern: /(?<![\w.]|def )(?:eval|exec)\s*\(/,
    message: 'eval/exec run arbitrary code built at runtime; make sure the input is fully trusted.',
  },
  {
    id: 'python.rmtree-root',
    language: 'python',
    severity: 'block',
    pattern: new RegExp(
      String.raw`(?<![\w.])(?:shutil\s*\.\s*)?rmtree\s*\(\s*(?:${PY_STR_PREFIX}["'](?:${PY_ROOT})["']|(?:pathlib\s*\.\s*)?Path\s*\(\s*${PY_STR_PREFIX}["'](?:${PY_ROOT})["']\s*\)|(?:pathlib\s*\.\s*)?Path\s*\.\s*home\s*\(\s*\)|os\s*\.\s*path\s*\.\s*expanduser\s*\(\s*["']~/*["']\s*\)|os\s*\.\s*environ\s*\[\s*["']HOME["']\s*\])\s*[,)]`,
    ),
    message: 'shutil.rmtree on /, the home directory or a system directory would wipe the host.',
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
    message:
      'Writing to /etc/passwd, /etc/shadow, /etc/group or sudoers changes who can log in or become root on the host.',
  },
  {
    id: 'python.write-block-device',
    language: 'python',
    severity: 'block',
    pattern: new RegExp(String.raw`\bopen\s*\(\s*${PY_STR_PREFIX}["']${PY_DEVICE}["']${PY_WRITE_MODE}`),
    message: 'Opening a raw disk device for writing destroys the data on that disk.',
  },
  {
    id: 'python.kill-all',
    language: 'python',
    severity: 'block',
    pattern: /\bos\s*\.\s*kill\s*\(\s*-1\s*,/,
    message: 'os.kill(-1, …) signals every process the user can reach, including the worker running this job.',
  },
  {
    id: 'python.fork-bomb',
    language: 'python',
    severity: 'block',
    pattern: /\bwhile\s*\(?\s*(?:True|1)\s*\)?\s*:\s*os\s*\.\s*fork\s*\(/,
    message: 'Forking in an endless loop exhausts process slots and freezes the host.',
  },
]);
