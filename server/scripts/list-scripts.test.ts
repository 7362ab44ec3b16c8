import { describe, expect, it } from 'vitest';
import { createTestActor } from '@/server/test/fixtures';
import { createWorkflow } from '@/server/workflows/create-workflow';
import { listWorkflows } from '@/server/workflows/list-workflows';
import { createScript } from './create-script';
import { listScripts } from './list-scripts';

describe('name order', () => {
  it('sorts scripts and workflows by name regardless of case (byte order put every capital first)', async () => {
    const admin = await createTestActor('admin');
    const tag = `order${Date.now()}`;
    for (const name of ['beta', 'Alpha', 'alpha two', 'Charlie']) {
      await createScript({ actor: admin, input: { name: `${tag} ${name}`, content: 'echo', language: 'bash' } });
      await createWorkflow({ actor: admin, input: { name: `${tag} ${name}` } });
    }
    const expected = ['Alpha', 'alpha two', 'beta', 'Charlie'].map((n) => `${tag} ${n}`);
    const scripts = await listScripts({ actor: admin, input: { search: tag, sort: 'name', order: 'asc' } });
    expect(scripts.items.map((s) => s.name)).toEqual(expected);
    const workflows = await listWorkflows({ actor: admin, input: { search: tag, sort: 'name', order: 'asc' } });
    expect(workflows.items.map((w) => w.name)).toEqual(expected);
    const desc = await listScripts({ actor: admin, input: { search: tag, sort: 'name', order: 'desc' } });
    expect(desc.items.map((s) => s.name)).toEqual([...expected].reverse());
  });
});
