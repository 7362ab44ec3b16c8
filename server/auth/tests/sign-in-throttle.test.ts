import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLogs, users } from '@/db/schema';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { resetEnvCache } from '@/server/env';
import { dispatchRest } from '@/server/rest/dispatch';
import { clientAddress, PEER_HEADER } from '@/server/session/client-address';
import { createTestActor } from '@/server/test/fixtures';
import { createUser } from '@/server/users/create-user';
import { listUsers } from '@/server/users/list-users';
import { resetUserPassword } from '@/server/users/reset-user-password';
import type { Actor } from '../actor';
import { backoffMs, buckets, waitBefore } from '../guess-throttle';
import { unlockSignIn } from '../unlock-sign-in';
import { verifyCredentials } from '../verify-credentials';

// Short waits so the doubling can be watched within a test: 100 ms, 200 ms, 400 ms, … capped at 2 s.
process.env.SIGNIN_BACKOFF_BASE_MS = '100';
process.env.SIGNIN_BACKOFF_MAX_SECONDS = '2';
resetEnvCache();

let admin: Actor & { type: 'user' };
const password = 'correct-horse-42';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newUser() {
  const email = `owner-${randomUUID().slice(0, 8)}@test.local`;
  const u = await createUser({ actor: admin, input: { email, role: 'admin', password } });
  return { ...u, email };
}
/** Wrong passwords from `ip`, each wait waited out, until the next wait is over a second (robust on a slow machine). */
async function failUntilWaiting(email: string, ip: string) {
  const throttle = [buckets.accountAtAddress(email, ip), buckets.signInAddress(ip)];
  for (let i = 0; i < 20; i++) {
    await verifyCredentials({ email, password: `wrong-${i}-${randomUUID().slice(0, 4)}` }, { ip });
    const w = await waitBefore(throttle);
    if (w >= 1000) return;
    if (w > 0) await sleep(w + 10);
  }
  throw new Error('never throttled');
}
const auditOf = (id: string, action: string) =>
  db()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.entityId, id), eq(auditLogs.action, action)));

beforeAll(async () => {
  admin = await createTestActor('admin');
});
afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  resetEnvCache();
});

describe('sign-in guessing is slowed, never a lock-out', () => {
  it('an attacker failing 50 times does not stop the owner signing in from another address', async () => {
    const owner = await newUser();
    const attacker = '203.0.113.66';
    const answers: Awaited<ReturnType<typeof verifyCredentials>>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 50; i++)
      answers.push(await verifyCredentials({ email: owner.email, password: `guess-${i}-xx` }, { ip: attacker }));
    const attackMs = performance.now() - t0;
    // On a loaded machine the attack can outlast its last wait: that wait is waited out and one more
    // guess checked, which starts the next one (the cap, 2 s), so the owner's probe below meets a wait.
    const throttle = [buckets.accountAtAddress(owner.email, attacker), buckets.signInAddress(attacker)];
    for (let w = await waitBefore(throttle); w < 1000; w = await waitBefore(throttle)) {
      if (w > 0) await sleep(w + 10);
      answers.push(
        await verifyCredentials({ email: owner.email, password: `late-${answers.length}-xx` }, { ip: attacker }),
      );
    }
    const invalid = answers.filter((a) => !a.ok && a.reason === 'invalid').length;
    const throttled = answers.filter((a) => !a.ok && a.reason === 'throttled');
    console.log(
      `attacker: 50 attempts in ${attackMs.toFixed(0)} ms: ${invalid} checked and wrong, ${throttled.length} refused unchecked with a wait`,
    );
    expect(invalid).toBeGreaterThanOrEqual(3);
    expect(throttled.length).toBeGreaterThanOrEqual(25); // most: waits double past the time a check takes
    for (const a of throttled) expect(a).toMatchObject({ reason: 'throttled', retryAfterSeconds: expect.any(Number) });
    // Even the right password is refused unchecked at the attacker's address while it waits.
    expect(await verifyCredentials({ email: owner.email, password }, { ip: attacker })).toMatchObject({
      ok: false,
      reason: 'throttled',
    });

    const t1 = performance.now();
    const ownerTry = await verifyCredentials({ email: owner.email, password }, { ip: '198.51.100.7' });
    const ownerMs = performance.now() - t1;
    console.log(
      `owner from another address: ${ownerTry.ok ? 'signed in' : 'refused'} in ${ownerMs.toFixed(0)} ms, right after the attack`,
    );
    expect(ownerTry).toMatchObject({ ok: true, user: { id: owner.id } });
    expect(ownerMs).toBeLessThan(5000);

    // Audited with the address: every checked failure, and one row per wait for the refused ones.
    const failed = await auditOf(owner.id, 'auth.login_failed');
    expect(failed).toHaveLength(invalid);
    expect(failed.every((r) => r.ip === attacker && r.summary.includes(`from ${attacker}`))).toBe(true);
    const noted = await auditOf(owner.id, 'auth.login_throttled');
    expect(noted.length).toBeGreaterThanOrEqual(1);
    expect(noted.length).toBeLessThan(throttled.length);
    expect(noted[0]).toMatchObject({ ip: attacker, summary: expect.stringMatching(/throttled: try again in \d+ s/) });
    // The Users page data shows the recent failures and where they came from.
    const listed = (await listUsers({ actor: admin })).find((u) => u.id === owner.id)!;
    expect(listed.recent_failures).toMatchObject({
      count: failed.length + noted.length,
      last_ip: attacker,
      addresses: 1,
    });
    expect(listed.locked).toBe(false);
  });

  it("the attacker's attempts get slower: each failure past the free ones doubles the wait, up to the cap", async () => {
    const owner = await newUser();
    const ip = '203.0.113.77';
    const throttle = [buckets.accountAtAddress(owner.email, ip), buckets.signInAddress(ip)];
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await verifyCredentials({ email: owner.email, password: `wrong-${i}-xx` }, { ip });
      expect(r).toEqual({ ok: false, reason: 'invalid' }); // each try waited its turn, so each was checked
      const w = await waitBefore(throttle);
      waits.push(w);
      if (w > 0) {
        const early = await verifyCredentials({ email: owner.email, password: 'x-early-1' }, { ip });
        expect(early).toMatchObject({
          ok: false,
          reason: 'throttled',
          retryAfterSeconds: Math.max(1, Math.ceil(w / 1000)),
        });
        await sleep(w + 20);
      }
    }
    console.log(`waits after each failure (ms): ${waits.map((w) => Math.round(w)).join(', ')}`);
    expect(waits.slice(0, 3).every((w) => w === 0)).toBe(true); // three free failures
    for (let i = 4; i < 7; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]! * 1.5); // doubling (minus elapsed ms)
    expect(backoffMs(50, 3)).toBe(2000); // the cap
    // The right password, once the wait is over, works and forgets this address's failures.
    expect(await verifyCredentials({ email: owner.email, password }, { ip })).toMatchObject({ ok: true });
    expect(await waitBefore([throttle[0]!])).toBe(0);
  });

  it('one address guessing many accounts is slowed for every account, other addresses are not', async () => {
    const ip = '203.0.113.88';
    const fresh = await newUser();
    // 20 free failures per address, then 100 ms doubling: spray (waiting out each wait) until it is over a second.
    for (let i = 0; i < 40; i++) {
      await verifyCredentials(
        { email: `spray-${i}-${randomUUID().slice(0, 6)}@test.local`, password: 'Winter2026!' },
        { ip },
      );
      const w = await waitBefore([buckets.signInAddress(ip)]);
      if (w >= 1000) break;
      if (w > 0) await sleep(w + 10);
    }
    expect(await verifyCredentials({ email: fresh.email, password }, { ip })).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    expect(await verifyCredentials({ email: fresh.email, password }, { ip: '198.51.100.99' })).toMatchObject({
      ok: true,
    });
  });

  it(
    'recovery: the unlock function, the CLI and a password reset clear the waits, audited',
    { timeout: 120_000 },
    async () => {
      const owner = await newUser();
      // One address per round: the unlock clears the account's waits; an address's own count (all accounts) stays.
      let ip = '203.0.113.97';
      await failUntilWaiting(owner.email, ip);
      expect(await verifyCredentials({ email: owner.email, password }, { ip })).toMatchObject({ reason: 'throttled' });
      await unlockSignIn({ email: owner.email }, 'test');
      expect(await verifyCredentials({ email: owner.email, password }, { ip })).toMatchObject({ ok: true });
      expect((await auditOf(owner.id, 'auth.unlock'))[0]?.summary).toMatch(/sign-in unlocked and reset/);

      ip = '203.0.113.98';
      await failUntilWaiting(owner.email, ip);
      expect(await verifyCredentials({ email: owner.email, password }, { ip })).toMatchObject({ reason: 'throttled' });
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/unlock-sign-in.ts', owner.email], {
        env: process.env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(cli.stdout + cli.stderr).toMatch(/unlocked: 1 account\(s\) reset, [1-9]\d* wait\(s\) cleared/);
      expect(cli.status).toBe(0);
      expect(await verifyCredentials({ email: owner.email, password }, { ip })).toMatchObject({ ok: true });

      ip = '203.0.113.99';
      await failUntilWaiting(owner.email, ip);
      await resetUserPassword({ actor: admin, input: { id: owner.id, password: 'brand-new-pass-7' } });
      expect(await verifyCredentials({ email: owner.email, password: 'brand-new-pass-7' }, { ip })).toMatchObject({
        ok: true,
      });
      expect((await db().select().from(users).where(eq(users.id, owner.id)))[0]!.failedLogins).toBe(0);
    },
  );

  it('a disabled account is refused only after the right password; unknown emails look like wrong passwords', async () => {
    const u = await newUser();
    await db().update(users).set({ disabled: true }).where(eq(users.id, u.id));
    expect(await verifyCredentials({ email: u.email, password }, { ip: '192.0.2.1' })).toEqual({
      ok: false,
      reason: 'disabled',
    });
    expect(await verifyCredentials({ email: u.email, password: 'wrong-wrong-1' }, { ip: '192.0.2.1' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyCredentials({ email: 'nobody-here@test.local', password }, { ip: '192.0.2.1' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('client address', () => {
  const h = (o: Record<string, string>) => new Headers(o);

  it('without TRUSTED_PROXIES: the TCP peer, whatever X-Forwarded-For or X-Real-IP say', () => {
    expect(
      clientAddress(h({ [PEER_HEADER]: '198.51.100.5', 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '1.2.3.5' })),
    ).toBe('198.51.100.5');
    expect(clientAddress(h({ [PEER_HEADER]: '::ffff:198.51.100.5' }))).toBe('198.51.100.5');
    expect(clientAddress(h({ 'x-forwarded-for': '1.2.3.4' }))).toBeNull(); // no peer stamp: unknown, never the header
    expect(clientAddress({ [PEER_HEADER]: '10.0.0.5', 'x-forwarded-for': '9.9.9.9' })).toBe('10.0.0.5'); // next-auth's plain headers object
  });

  it('behind a trusted proxy: the rightmost X-Forwarded-For address that is not a trusted proxy', () => {
    process.env.TRUSTED_PROXIES = '127.0.0.1, 10.0.0.0/8, ::1';
    resetEnvCache();
    expect(clientAddress(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '203.0.113.9' }))).toBe('203.0.113.9');
    // A client that sends its own X-Forwarded-For only adds addresses on the left.
    expect(clientAddress(h({ [PEER_HEADER]: '10.1.1.1', 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.2.2.2' }))).toBe(
      '203.0.113.9',
    );
    expect(clientAddress(h({ [PEER_HEADER]: '::1', 'x-real-ip': '203.0.113.10' }))).toBe('203.0.113.10');
    // A peer that is not a trusted proxy is the client, even if it sends the headers.
    expect(clientAddress(h({ [PEER_HEADER]: '198.51.100.5', 'x-forwarded-for': '6.6.6.6' }))).toBe('198.51.100.5');
  });

  it('the peer stamp comes from the socket: a client-sent x-vss-peer-address is replaced', async () => {
    await import('@/scripts/peer-address.mjs');
    const server = http.createServer((req, res) => res.end(JSON.stringify({ peer: req.headers[PEER_HEADER] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [PEER_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' },
      });
      expect(await r.json()).toEqual({ peer: '127.0.0.1' });
    } finally {
      server.close();
    }
  });
});

describe('API keys guessed on REST', () => {
  it('are throttled per address (429 with the wait), without touching valid keys from other addresses', async () => {
    const key = (await createApiKey({ actor: admin, input: { name: 'valid', role: 'viewer' } })).key;
    const call = (k: string, peer: string, extra: Record<string, string> = {}) =>
      dispatchRest(
        new Request('http://localhost/api/v1/scripts/?page_size=1', {
          headers: { authorization: `Bearer ${k}`, [PEER_HEADER]: peer, ...extra },
        }),
        '/api/v1/scripts/',
      );
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++)
      statuses.push(
        (await call(`vss_wrong${i}${'x'.repeat(40)}`, '203.0.113.50', { 'x-forwarded-for': `10.9.${i}.1` })).status,
      );
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(21)).toEqual([429, 429, 429]);
    const limited = await call('vss_wrong-again', '203.0.113.50', { 'x-forwarded-for': '192.0.2.200' }); // a made-up header changes nothing
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error.message).toMatch(/try again in \d+ s/);
    expect((await call(key, '198.51.100.50')).status).toBe(200);
  });
});
