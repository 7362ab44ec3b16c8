import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/server/env';
import { redactUrl } from './channel-config';
import { alertMarkdown, alertText, formatDuration, publicLink, renderAlert, type AlertFacts } from './render-alert';
import { fitBytes } from './send-to-channel';

const saved = { PUBLIC_URL: process.env.PUBLIC_URL, BASE_PATH: process.env.BASE_PATH };
function withEnv(vars: { PUBLIC_URL?: string; BASE_PATH?: string }) {
  for (const k of ['PUBLIC_URL', 'BASE_PATH'] as const) {
    if (vars[k] === undefined) delete process.env[k];
    else process.env[k] = vars[k];
  }
  resetEnvCache();
}
afterEach(() => withEnv(saved));

describe('publicLink', () => {
  it.each([
    { env: {}, want: { url: '/executions/e1', relative: true } },
    { env: { BASE_PATH: '/scripts' }, want: { url: '/scripts/executions/e1', relative: true } },
    {
      env: { PUBLIC_URL: 'https://vss.example.com' },
      want: { url: 'https://vss.example.com/executions/e1', relative: false },
    },
    {
      env: { PUBLIC_URL: 'https://vss.example.com/', BASE_PATH: '/scripts' },
      want: { url: 'https://vss.example.com/scripts/executions/e1', relative: false },
    },
    {
      env: { PUBLIC_URL: 'https://vss.example.com/scripts', BASE_PATH: '/scripts' },
      want: { url: 'https://vss.example.com/scripts/executions/e1', relative: false },
    },
  ])('$env → $want.url', ({ env, want }) => {
    withEnv(env);
    expect(publicLink('/executions/e1')).toEqual(want);
  });
});

const facts: AlertFacts = {
  event: 'slow',
  rule: { id: 'r1', name: 'nightly' },
  subject: { kind: 'script', id: 's1', name: 'backup [db](http://evil)' },
  run: {
    kind: 'execution',
    id: 'e1',
    status: 'succeeded',
    attempt: 2,
    max_attempts: 3,
    duration_ms: 125_400,
    trigger_type: 'schedule',
    finished_at: '2026-12-07T01:02:03.456Z',
    error: null,
  },
  output_tail: 'line 1\nsee [x](http://evil)',
  path: '/executions/e1',
  slow_seconds: 60,
  suppressed: { count: 3, events: { failed: 2, slow: 1 }, since: '2026-12-07T00:50:00.000Z' },
};

describe('renderAlert', () => {
  it('renders the facts in Chinese and English', () => {
    withEnv({ PUBLIC_URL: 'https://vss.example.com' });
    const zh = renderAlert(facts, 'zh-CN');
    expect(zh.title).toBe('[VSS] 脚本 backup [db](http://evil) 运行缓慢');
    expect(zh.fields).toContainEqual(['耗时', '2 分 5 秒 (阈值 60 s)']);
    expect(zh.fields).toContainEqual(['尝试', '2 / 3']);
    expect(zh.note).toBe('自 2026-12-07 00:50:00 UTC 起另有 3 条告警被节流：运行失败 ×2, 运行缓慢 ×1');
    const en = renderAlert(facts, 'en');
    expect(en.title).toBe('[VSS] Script backup [db](http://evil) was slow');
    expect(alertText(en)).toContain('Open the run: https://vss.example.com/executions/e1');
    expect(en.note).toBe(
      '3 more alert(s) held back by the throttle since 2026-12-07 00:50:00 UTC: failed ×2, was slow ×1',
    );
  });

  it('keeps names and output from making links in robot markdown', () => {
    withEnv({ PUBLIC_URL: 'https://vss.example.com' });
    const md = alertMarkdown(renderAlert(facts, 'en'));
    expect(md).not.toContain('](http://evil)');
    expect(md).toContain('> see [x] (http://evil)');
    expect(md).toContain('[Open the run](https://vss.example.com/executions/e1)');
  });

  it('formats durations', () => {
    expect(formatDuration(null, 'en')).toBe('-');
    expect(formatDuration(850, 'en')).toBe('850 ms');
    expect(formatDuration(12_340, 'en')).toBe('12.3 s');
    expect(formatDuration(3_725_000, 'en')).toBe('62 min 5 s');
  });
});

describe('fitBytes and redactUrl', () => {
  it('cuts UTF-8 on a character boundary within the limit', () => {
    const cut = fitBytes('告警'.repeat(2000), 4000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(4000);
    expect(cut.endsWith('...')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
    expect(fitBytes('short', 10)).toBe('short');
  });
  it('hides tokens in query strings and robot hook paths', () => {
    expect(redactUrl('https://oapi.dingtalk.com/robot/send?access_token=abc&x=1', 'dingtalk')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=***&x=***',
    );
    expect(redactUrl('https://open.feishu.cn/open-apis/bot/v2/hook/0123-abcd', 'feishu')).toBe(
      'https://open.feishu.cn/open-apis/bot/v2/hook/***',
    );
    expect(redactUrl('https://user:pw@hooks.example.com/in/abcdefghijklmnopqrstuvwx', 'webhook')).toBe(
      'https://hooks.example.com/in/***',
    );
    expect(redactUrl('https://hooks.example.com/alerts', 'webhook')).toBe('https://hooks.example.com/alerts');
  });
});
