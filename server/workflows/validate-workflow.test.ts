import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { createTestActor } from '@/server/test/fixtures';
import { createScript } from '@/server/scripts/create-script';
import { uniqueName } from '@/server/test/fixtures';
import { checkGraphStructure, validateWorkflow } from './validate-workflow';
import { workflowGraph, type WorkflowGraphInput } from './workflows.schema';
import { e, n } from './tests/workflow-harness';

const structure = (g: WorkflowGraphInput) => checkGraphStructure(workflowGraph.parse(g));
const codes = (g: WorkflowGraphInput) => structure(g).map((i) => i.code);

let admin: Actor;
beforeAll(async () => {
  admin = await createTestActor('admin');
});

describe('workflow validation', () => {
  it('accepts a minimal start → end graph', () => {
    expect(structure({ nodes: [n.start(), n.end()], edges: [e('start', 'end')] })).toEqual([]);
  });

  it('rejects a cycle with a message that names the path', () => {
    const issues = structure({
      nodes: [n.start(), n.parallel('a'), n.parallel('b'), n.parallel('c'), n.end()],
      edges: [e('start', 'a'), e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'end')],
    });
    const cycle = issues.find((i) => i.code === 'cycle');
    expect(cycle?.message).toMatch(/cycle: a → b → c → a/);
    expect(cycle?.node_key).toBe('a');
  });

  it('rejects a self-loop on the edge that makes it', () => {
    const loop = e('a', 'a');
    const issues = structure({
      nodes: [n.start(), n.parallel('a'), n.end()],
      edges: [e('start', 'a'), loop, e('a', 'end')],
    });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'cycle', edge_id: loop.id }));
  });

  it('rejects dangling nodes and edges, pointing at each', () => {
    const ghost = e('start', 'nowhere');
    const issues = structure({
      nodes: [n.start(), n.parallel('island'), n.end()],
      edges: [e('start', 'end'), e('island', 'end'), ghost],
    });
    expect(issues).toContainEqual({
      node_key: 'island',
      edge_id: null,
      code: 'unreachable',
      message: 'node "island" has no incoming edge and is never reached from start',
      message_code: 'workflow.unreachable_no_incoming',
      params: { node: 'island' },
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        edge_id: ghost.id,
        code: 'dangling_edge',
        message: expect.stringContaining('"nowhere", which does not exist'),
      }),
    );
  });

  it('needs exactly one start and at least one end', () => {
    expect(codes({ nodes: [n.end()], edges: [] })).toContain('no_start');
    expect(
      codes({ nodes: [n.start('s1'), n.start('s2'), n.end()], edges: [e('s1', 'end'), e('s2', 'end')] }),
    ).toContain('multiple_starts');
    expect(codes({ nodes: [n.start(), n.parallel('p')], edges: [e('start', 'p')] })).toEqual(
      expect.arrayContaining(['no_end', 'dead_end']),
    );
  });

  it('needs a true and a false branch on every condition', () => {
    const issues = structure({
      nodes: [n.start(), n.condition('c', { mode: 'expression', expression: 'input.x' }), n.end()],
      edges: [e('start', 'c'), e('c', 'end', 'true')],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        node_key: 'c',
        code: 'condition_branches',
        message: expect.stringContaining('1 true, 0 false'),
      }),
    );
  });

  it('needs two inputs on a join and an error edge for the error_edge policy', () => {
    const issues = structure({
      nodes: [n.start(), n.join('j'), { key: 'p', type: 'parallel', error_policy: 'error_edge' }, n.end()],
      edges: [e('start', 'p'), e('p', 'j'), e('j', 'end')],
    });
    expect(issues).toContainEqual(expect.objectContaining({ node_key: 'j', code: 'join_inputs' }));
    expect(issues).toContainEqual(expect.objectContaining({ node_key: 'p', code: 'error_edge_missing' }));
  });

  it('lets expressions read only upstream nodes, and only known variables', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const issues = structure({
      nodes: [
        n.start(),
        n.script('a', id, { x: { mode: 'expression', expression: 'nodes.b.output' } }),
        n.script('b', id, {
          y: { mode: 'expression', expression: 'nodes.a.output.value + secret' },
          z: { mode: 'expression', expression: 'nodes[input.k]' },
          w: { mode: 'expression', expression: '1 +' },
        }),
        n.end(),
      ],
      edges: [e('start', 'a'), e('a', 'b'), e('b', 'end')],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        node_key: 'a',
        code: 'not_upstream',
        message:
          'parameter "x" of node "a" reads node "b", which does not run before it (only upstream nodes may be read)',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        node_key: 'b',
        code: 'bad_expression',
        message: expect.stringContaining('unknown variable "secret"'),
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        node_key: 'b',
        code: 'bad_expression',
        message: expect.stringContaining('computed key'),
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        node_key: 'b',
        code: 'bad_expression',
        message: expect.stringContaining('does not parse'),
      }),
    );
    expect(issues.filter((i) => i.node_key === 'b' && i.code === 'not_upstream')).toEqual([]);
  });

  it('checks that referenced scripts exist, are active and get their required parameters', async () => {
    const draft = await createScript({
      actor: admin,
      input: { name: uniqueName('draft'), content: 'echo', language: 'bash' },
    });
    const active = await createScript({
      actor: admin,
      input: {
        name: uniqueName('active'),
        content: 'echo',
        language: 'bash',
        status: 'active',
        parameters_schema: { type: 'object', required: ['camera'], properties: { camera: { type: 'string' } } },
      },
    });
    const missing = '00000000-0000-4000-8000-00000000dead';
    const res = await validateWorkflow({
      actor: admin,
      input: {
        graph: {
          nodes: [
            n.start(),
            n.script('d', draft.id),
            n.script('a', active.id),
            n.script('m', missing),
            { key: 'empty', type: 'script' },
            { key: 'pinned', type: 'script', config: { script_id: active.id, script_version: 7 } },
            n.end(),
          ],
          edges: [e('start', 'd'), e('d', 'a'), e('a', 'm'), e('m', 'empty'), e('empty', 'pinned'), e('pinned', 'end')],
        },
      },
    });
    expect(res.valid).toBe(false);
    const by = (key: string) => res.issues.filter((i) => i.node_key === key).map((i) => i.code);
    expect(by('d')).toEqual(['script_not_active']);
    expect(by('a')).toEqual(['missing_parameter']);
    expect(by('m')).toEqual(['script_not_found']);
    expect(by('empty')).toEqual(['script_missing']);
    expect(by('pinned')).toEqual(expect.arrayContaining(['script_version_not_found']));
  });

  it('refuses duplicate node keys and bad keys before anything is saved', () => {
    expect(workflowGraph.safeParse({ nodes: [n.start('x'), n.end('x')], edges: [] }).success).toBe(false);
    const bad = workflowGraph.safeParse({ nodes: [{ key: 'has space', type: 'end' }], edges: [] });
    expect(bad.success).toBe(false);
  });
});
