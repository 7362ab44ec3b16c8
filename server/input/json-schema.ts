import { Ajv, type Options } from 'ajv';
import { ajvRegExpEngine } from './linear-regex';

/**
 * The one way to build an ajv instance for user-supplied JSON Schemas (script parameters,
 * workflow input): regexes run in RE2 (linear time), never in V8's backtracking engine.
 */
export function userSchemaAjv(opts: Options = {}): Ajv {
  return new Ajv({ strict: false, ...opts, code: { ...opts.code, regExp: ajvRegExpEngine } });
}
