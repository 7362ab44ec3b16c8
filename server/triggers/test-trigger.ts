import type { Actor } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { buildInput, filterMatches, isValidPattern, patternMatches } from './matching';
import { testTriggerInput, type TestTriggerInput } from './triggers.schema';

/** The editor's live "test against a sample payload": what the trigger would do; nothing runs. */
export function testTrigger(opts: { actor: Actor; input: TestTriggerInput }) {
  assertCan(opts.actor, 'trigger.read');
  const parsed = testTriggerInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const q = parsed.data;
  const event = { type: q.sample.type, source: q.sample.source, payload: q.sample.payload };
  const pattern = q.event_pattern?.trim() || null;
  const patternError =
    pattern && !isValidPattern(pattern) ? 'must be an event type, optionally with * wildcards' : null;
  const filter = filterMatches(q.filter?.trim() || null, event);
  let input: Record<string, unknown> | null = null;
  let mappingError: string | null = null;
  try {
    input = buildInput(q.parameter_mapping, event);
  } catch (err) {
    mappingError = (err as Error).message;
  }
  return {
    pattern_matched: pattern && !patternError ? patternMatches(pattern, event.type) : null,
    pattern_error: patternError,
    filter_matched: filter.matched,
    filter_error: filter.error,
    input,
    mapping_error: mappingError,
  };
}
