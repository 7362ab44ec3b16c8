/**
 * Regex building blocks for shell rules. They run on text produced by normalizeBash: whitespace runs
 * are one space, single-word quotes are gone, `\rm` is `rm`, continuations are joined and strings
 * handed to `sh -c` / `eval` are unwrapped. Every repetition is over space-separated tokens so a
 * hostile script cannot make matching backtrack exponentially.
 */

/** One shell word of the same simple command (stops at operators that end the command). */
export const ARG = String.raw`[^\s;&|()\x60<>]+`;

/**
 * Up to 100 further words of the same command. The cap keeps matching linear on hostile input
 * (a line made of thousands of `sh -c rm` would otherwise be scanned once per command start).
 */
export const WORDS = String.raw`(?: ${ARG}){0,100}?`;
export const SOME_WORDS = String.raw`(?: ${ARG}){1,100}`;
/** Up to 16 option words (-x, --long). */
export const OPTIONS = String.raw`(?: -[\w-]+){0,16}`;

/** A word ends at whitespace, an operator, a closing quote or the end of the line. */
export const END = String.raw`(?=$|[\s;&|)\x60'"<>])`;

/** The word is the last one of its command. */
export const LAST = String.raw`["']?(?= ?(?:$|[;&|)\x60]))`;

/**
 * Where a command can start: line start, after an operator or control keyword, or at the start
 * of text that `sh -c` / `eval` will execute.
 */
const BOUNDARY = String.raw`(?<=^|[;&|({\x60!]|\b(?:then|do|else|elif|if|while|until)\s|\s-[a-zA-Z]*c\s?["']?|\beval\s?["']?)`;

// sudo/doas options that take a value are listed apart from flags so a token has only one parse.
const SUDO = String.raw`(?:sudo|doas)(?: -[a-zA-Z]*[ugpChDrtTU] ${ARG}| -[a-zA-Z]*[abeiklnsvABEHKPSV]| --[\w-]+(?:=${ARG})?){0,16}`;
// env's VAR=value words are left to ASSIGN, again so each word has exactly one parse.
const ENV = String.raw`env(?: -[iv0]+| -u [A-Za-z_]\w*| --[\w-]+(?:=${ARG})?){0,16}`;
const ASSIGN = String.raw`[A-Za-z_]\w*=[^\s;&|()\x60<>]*`;
const SIMPLE = String.raw`command(?: -p)?|builtin|exec|nohup|time(?: -p)?|nice(?: -n ?-?\d+| -\d+)?|ionice(?: -[cn] ?\d){0,4}|timeout(?: --?[\w-]+(?:=${ARG})?){0,16} \d+[smhd]?|xargs${OPTIONS}|stdbuf${OPTIONS}|busybox`;

/** Wrappers that still run the following command: sudo, env, nohup, VAR=value, … */
export const PREFIX = String.raw`(?:(?:${SUDO}|${ENV}|${ASSIGN}|${SIMPLE}) ){0,8}`;

/** Optional directory in front of a command name (/bin/rm, /usr/sbin/reboot). */
const PATH = String.raw`(?:[\w.~/-]*/)?`;

/** Regex source for `name` used as a command, followed by `rest`. */
export function commandSource(name: string, rest = ''): string {
  return String.raw`${BOUNDARY} ?${PREFIX}${PATH}(?:${name})${END}${rest}`;
}

/** Regex source for a command that starts with `rest` itself (e.g. `$(curl …)`). */
export function commandStart(rest: string): string {
  return String.raw`${BOUNDARY} ?${PREFIX}${rest}`;
}

export function command(name: string, rest = ''): RegExp {
  return new RegExp(commandSource(name, rest), 'm');
}

/** Alternation of several regex sources as one multiline pattern. */
export function anyOf(...sources: string[]): RegExp {
  return new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'm');
}

/** Lookahead: some word of the current command is one of `flags`. */
export function hasFlag(flags: string): string {
  return String.raw`(?=${WORDS} (?:${flags})${END})`;
}

const SYSTEM_DIRS = 'bin|boot|dev|etc|home|lib|lib32|lib64|libx32|opt|proc|root|run|sbin|srv|sys|usr|var';

/** `/`, `/*`, `/.`, `~`, `$HOME`, or a top-level system directory, as a whole word. */
export const ROOT_PATH = String.raw`["']?(?:/+(?:(?:${SYSTEM_DIRS})/*)?\*?|/+\.{1,2}/*\*?|~/*\*?|\$\{?HOME\}?/*\*?)["']?${END}`;

/** Whole disks, partitions and raw memory: writing to them destroys data below the filesystem. */
export const BLOCK_DEVICE = String.raw`["']?/dev/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|md\d|dm-\d|disk\d|mapper/|(?:k?mem|port)${END})`;

/** Account and privilege files; AUTH_FILE adds the end-of-word check. */
export const AUTH_PATH = String.raw`["']?/etc/(?:passwd|shadow|gshadow|group|sudoers(?:\.d/${ARG})?)["']?`;
export const AUTH_FILE = `${AUTH_PATH}${END}`;

/** Output redirection operators (>, >>, &>, >|, 2>). */
export const REDIRECT = String.raw`(?:&>>?|\d?>>?\|?) ?`;

export const SHELLS = String.raw`(?:ba|da|z|k|fi|tc|c|a)?sh`;
export const INTERPRETERS = String.raw`(?:python[\d.]*|perl|ruby|node|php)`;
export const FETCHERS = String.raw`(?:curl|wget|fetch)`;
