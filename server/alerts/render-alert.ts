import { env } from '@/server/env';
import type { AlertEvent, AlertLanguage } from './alerts.schema';

/** What a message says, before any channel's format: facts about one run's end. */
export interface AlertFacts {
  event: AlertEvent | 'test' | 'summary';
  rule: { id: string; name: string } | null;
  subject: { kind: 'script' | 'workflow'; id: string; name: string };
  run: {
    kind: 'execution' | 'workflow_run';
    id: string;
    status: string;
    attempt: number;
    max_attempts: number | null;
    duration_ms: number | null;
    trigger_type: string;
    finished_at: string | null;
    error: string | null;
  } | null;
  /** The last lines of output, as stored (secret values already masked by the log sink). */
  output_tail: string | null;
  /** The page of the run, under the app. */
  path: string;
  /** Held back by the rule's throttle since its previous message. */
  suppressed?: { count: number; events: Record<string, number>; since: string | null } | null;
  slow_seconds?: number | null;
}

/** A message in the rule's language: what every channel format is made from. */
export interface AlertMessage {
  language: AlertLanguage;
  title: string;
  fields: Array<[string, string]>;
  output: string | null;
  outputLabel: string;
  link: string;
  linkLabel: string;
  note: string | null;
  facts: AlertFacts & { link: string };
}

const words = {
  en: {
    failed: 'failed',
    timed_out: 'timed out',
    recovered: 'recovered',
    slow: 'was slow',
    test: 'test message',
    summary: 'held-back alerts',
    script: 'Script',
    workflow: 'Workflow',
    status: 'Status',
    duration: 'Duration',
    attempt: 'Attempt',
    trigger: 'Trigger',
    finished: 'Finished',
    error: 'Error',
    rule: 'Rule',
    output: 'Last output lines',
    link: 'Open the run',
    settings: 'Alert settings',
    relative: '(relative link: set PUBLIC_URL for a full one)',
    threshold: 'threshold',
    suppressed: (n: number, list: string, since: string) =>
      `${n} more alert(s) held back by the throttle since ${since}: ${list}`,
    testBody: 'This is a test message from VSS Script Orchestration: the channel works.',
  },
  'zh-CN': {
    failed: '运行失败',
    timed_out: '运行超时',
    recovered: '已恢复',
    slow: '运行缓慢',
    test: '测试消息',
    summary: '被节流的告警汇总',
    script: '脚本',
    workflow: '工作流',
    status: '状态',
    duration: '耗时',
    attempt: '尝试',
    trigger: '触发方式',
    finished: '结束时间',
    error: '错误',
    rule: '规则',
    output: '最后的输出',
    link: '查看运行',
    settings: '告警设置',
    relative: '（相对链接：设置 PUBLIC_URL 可得到完整链接）',
    threshold: '阈值',
    suppressed: (n: number, list: string, since: string) => `自 ${since} 起另有 ${n} 条告警被节流：${list}`,
    testBody: '这是来自 VSS 脚本编排平台的测试消息：该通道工作正常。',
  },
} as const;

const statusWords: Record<AlertLanguage, Record<string, string>> = {
  en: {
    succeeded: 'succeeded',
    failed: 'failed',
    timed_out: 'timed out',
    cancelled: 'cancelled',
    running: 'running',
    queued: 'queued',
  },
  'zh-CN': {
    succeeded: '成功',
    failed: '失败',
    timed_out: '超时',
    cancelled: '已取消',
    running: '运行中',
    queued: '排队中',
  },
};

export function formatDuration(ms: number | null, lang: AlertLanguage): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return lang === 'zh-CN' ? `${m} 分 ${rest} 秒` : `${m} min ${rest} s`;
}

/**
 * The link to a page for people reading the message elsewhere: PUBLIC_URL (with BASE_PATH added
 * unless it already ends with it), or a path relative to the server when PUBLIC_URL is unset.
 */
export function publicLink(path: string): { url: string; relative: boolean } {
  const { PUBLIC_URL, BASE_PATH } = env();
  if (!PUBLIC_URL) return { url: `${BASE_PATH}${path}`, relative: true };
  const base = PUBLIC_URL.replace(/\/+$/, '');
  const withPrefix = BASE_PATH && !base.endsWith(BASE_PATH) ? `${base}${BASE_PATH}` : base;
  return { url: `${withPrefix}${path}`, relative: false };
}

const time = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '-');

/** Renders the facts in a language. Pure: the same facts give the same message on every retry. */
export function renderAlert(facts: AlertFacts, language: AlertLanguage): AlertMessage {
  const w = words[language];
  const link = publicLink(facts.path);
  const subjectWord = facts.subject.kind === 'script' ? w.script : w.workflow;
  const title =
    facts.event === 'test' ? `[VSS] ${w.test}` : `[VSS] ${subjectWord} ${facts.subject.name} ${w[facts.event]}`;
  const fields: Array<[string, string]> = [];
  const r = facts.run;
  if (facts.event !== 'test') fields.push([subjectWord, facts.subject.name]);
  if (r) {
    fields.push([w.status, statusWords[language][r.status] ?? r.status]);
    const slow = facts.event === 'slow' && facts.slow_seconds ? ` (${w.threshold} ${facts.slow_seconds} s)` : '';
    fields.push([w.duration, `${formatDuration(r.duration_ms, language)}${slow}`]);
    fields.push([w.attempt, r.max_attempts ? `${r.attempt} / ${r.max_attempts}` : String(r.attempt)]);
    fields.push([w.trigger, r.trigger_type]);
    fields.push([w.finished, time(r.finished_at)]);
    if (r.error) fields.push([w.error, r.error.slice(0, 500)]);
  }
  if (facts.rule) fields.push([w.rule, facts.rule.name]);
  const s = facts.suppressed;
  const note =
    s && s.count > 0
      ? w.suppressed(
          s.count,
          Object.entries(s.events)
            .map(([e, n]) => `${w[e as AlertEvent] ?? e} ×${n}`)
            .join(', '),
          time(s.since),
        )
      : facts.event === 'test'
        ? w.testBody
        : null;
  return {
    language,
    title,
    fields,
    note,
    output: facts.output_tail,
    outputLabel: w.output,
    link: link.url,
    linkLabel: `${facts.event === 'test' ? w.settings : w.link}${link.relative ? ` ${w.relative}` : ''}`,
    facts: { ...facts, link: link.url },
  };
}

/** Plain text (e-mail, text robots). */
export function alertText(m: AlertMessage): string {
  const parts = [m.title, '', ...m.fields.map(([k, v]) => `${k}: ${v}`)];
  if (m.note) parts.push('', m.note);
  if (m.output) parts.push('', `${m.outputLabel}:`, m.output);
  parts.push('', `${m.linkLabel}: ${m.link}`);
  return parts.join('\n');
}

/** Markdown as DingTalk and WeCom robots render it (headings, bold, code lines, links). */
export function alertMarkdown(m: AlertMessage): string {
  // Robots render a small markdown subset with no escapes (a backslash would show): only what
  // would make a link out of a script's output or a name is broken up.
  const esc = (s: string) => s.replace(/\]\(/g, '] (');
  const parts = [`### ${esc(m.title)}`, '', ...m.fields.map(([k, v]) => `**${esc(k)}**: ${esc(v)}  `)];
  if (m.note) parts.push('', `> ${esc(m.note)}`);
  if (m.output)
    parts.push('', `**${esc(m.outputLabel)}**:`, '', ...m.output.split('\n').map((l) => `> ${esc(l) || ' '}`));
  parts.push('', /^https?:/.test(m.link) ? `[${esc(m.linkLabel)}](${m.link})` : `${esc(m.linkLabel)}: ${m.link}`);
  return parts.join('\n');
}
