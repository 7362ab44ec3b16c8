import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/auth/actor';
import { AppError, errorStatus } from '@/server/errors/app-error';
import { scriptFor } from '@/server/executions/tests/engine-harness';
import { createSchedule } from '@/server/schedules/create-schedule';
import { updateSchedule } from '@/server/schedules/update-schedule';
import { createTestActor } from '@/server/test/fixtures';
import { chain, n, workflowOf } from '@/server/workflows/tests/workflow-harness';
import { createTrigger } from './create-trigger';
import { updateTrigger } from './update-trigger';

let admin: Actor;
let scriptId: string;
let workflowId: string;

const schema = {
  type: 'object',
  required: ['camera', 'level'],
  properties: { camera: { type: 'string' }, level: { type: 'integer', default: 1 }, note: { type: 'string' } },
};

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  admin = await createTestActor('admin');
  scriptId = (await scriptFor(admin, 'echo "$PARAM_CAMERA"', 'bash', { status: 'active', parameters_schema: schema }))
    .id;
  const step = await scriptFor(admin, 'echo step', 'bash', { status: 'active' });
  const graph = { nodes: [n.start(), n.script('s', step.id), n.end()], edges: chain('start', 's', 'end') };
  const inputSchema = { type: 'object', required: ['site'], properties: { site: { type: 'string' } } };
  workflowId = (await workflowOf(admin, graph, { input_schema: inputSchema })).id;
});

describe('schedules refuse an input the target can never accept', () => {
  const base = () => ({
    name: 'needs camera',
    target_type: 'script' as const,
    target_id: scriptId,
    cron_expression: '0 9 * * *',
  });

  it('a missing required script parameter is a 422 naming it; defaults count as given', async () => {
    const err = await refusal(createSchedule({ actor: admin, input: { ...base(), input_parameters: { note: 'x' } } }));
    expect(err.code).toBe('UNPROCESSABLE');
    expect(errorStatus[err.code].http).toBe(422);
    expect(err.details).toEqual([{ field: 'input_parameters.camera', message: 'is required' }]);
    expect(err.message).toMatch(/^input_parameters\.camera is required: /);
    // `level` has a default, so only `camera` is needed.
    const ok = await createSchedule({ actor: admin, input: { ...base(), input_parameters: { camera: 'north' } } });
    expect(ok.enabled).toBe(true);
  });

  it('a wrong type is refused too, and an edit that drops a required parameter is refused', async () => {
    const wrongType = { ...base(), input_parameters: { camera: 'n', level: 'high' } };
    const err = await refusal(createSchedule({ actor: admin, input: wrongType }));
    expect(err.code).toBe('UNPROCESSABLE');
    expect(err.details.map((d) => d.field)).toEqual(['input_parameters.level']);
    const s = await createSchedule({ actor: admin, input: { ...base(), input_parameters: { camera: 'north' } } });
    const edit = await refusal(updateSchedule({ actor: admin, input: { id: s.id, patch: { input_parameters: {} } } }));
    expect(edit.code).toBe('UNPROCESSABLE');
    expect(edit.details).toEqual([{ field: 'input_parameters.camera', message: 'is required' }]);
    // An unrelated edit of a valid schedule still saves.
    const renamed = await updateSchedule({ actor: admin, input: { id: s.id, patch: { name: 'renamed' } } });
    expect(renamed.name).toBe('renamed');
  });

  it("checks a workflow target against the workflow's input schema", async () => {
    const input = { name: 'wf', target_type: 'workflow' as const, target_id: workflowId, cron_expression: '0 9 * * *' };
    const err = await refusal(createSchedule({ actor: admin, input }));
    expect(err.code).toBe('UNPROCESSABLE');
    expect(err.details).toEqual([{ field: 'input_parameters.site', message: 'is required' }]);
    const ok = await createSchedule({ actor: admin, input: { ...input, input_parameters: { site: 'lab' } } });
    expect(ok.target_id).toBe(workflowId);
  });
});

describe('triggers refuse a mapping that leaves a required parameter unset', () => {
  const base = () => ({
    name: 'mapped',
    event_pattern: `t${Date.now()}.x`,
    target_type: 'script' as const,
    target_id: scriptId,
  });

  it('names the unmapped required parameter; without a mapping the payload decides at delivery', async () => {
    const noteOnly = { note: 'payload.note' };
    const err = await refusal(createTrigger({ actor: admin, input: { ...base(), parameter_mapping: noteOnly } }));
    expect(err.code).toBe('UNPROCESSABLE');
    expect(err.details).toEqual([{ field: 'parameter_mapping.camera', message: 'is required' }]);
    expect((await createTrigger({ actor: admin, input: { ...base() } })).parameter_mapping).toBeNull();
    const mapped = { ...base(), parameter_mapping: { camera: 'payload.camera' } };
    const t = await createTrigger({ actor: admin, input: mapped });
    const patch = { parameter_mapping: noteOnly };
    const edit = await refusal(updateTrigger({ actor: admin, input: { id: t.id, patch } }));
    expect(edit.details).toEqual([{ field: 'parameter_mapping.camera', message: 'is required' }]);
  });
});
