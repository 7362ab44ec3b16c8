import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { db } from '@/db/client';
import { secrets } from '@/db/schema';
import type { Actor } from '@/server/auth/actor';
import { reportUnscopedSecrets } from '@/server/bootstrap';
import { seal } from '@/server/crypto/seal';
import { executeScript } from '@/server/executions/execute-script';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { createTestActor } from '@/server/test/fixtures';
import { listSecrets } from '@/server/secrets/list-secrets';

let admin: Actor;
let editor: Actor;
beforeAll(async () => {
  [admin, editor] = await Promise.all([createTestActor('admin'), createTestActor('editor')]);
});

describe('upgrade: existing secrets get no scope, so nothing widens silently', () => {
  it('the migration adds the scope column without a default', () => {
    const sqlText = readFileSync(path.resolve('db/migrations/0010_secret_scopes.sql'), 'utf8');
    expect(sqlText).toMatch(/ALTER TABLE "secrets" ADD COLUMN "scope" jsonb;/);
  });

  it('a secret as an older version stored it is admins-only, listed as such, and reported at start-up', async () => {
    const name = `OLD_${randomUUID().slice(0, 8).toUpperCase()}`;
    // Written the way the previous version did: no scope column in its insert.
    await db()
      .insert(secrets)
      .values({ name, valueSealed: seal('legacy-value') });
    expect((await listSecrets({ actor: admin })).find((s) => s.name === name)?.scope).toBeNull();
    expect(await reportUnscopedSecrets('web')).toBeGreaterThanOrEqual(1);
    const script = await scriptFor(editor, 'true\n');
    await expect(
      executeScript({
        actor: editor,
        input: { id: script.id, environment_vars: { X: `{{secret:${name}}}` } },
        trigger: 'manual',
      }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining(
        `secret ${name} may not be used here: it has no scope yet, so only admins may use it`,
      ),
    });
    await expect(
      executeScript({
        actor: admin,
        input: { id: script.id, environment_vars: { X: `{{secret:${name}}}` } },
        trigger: 'manual',
      }),
    ).resolves.toMatchObject({ status: 'queued' });
  });
});
