import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};

/**
 * Validates real responses against the service's own OpenAPI document, so the document cannot
 * drift from what the API answers.
 */
export async function openApiValidator(base: string) {
  const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
  const covered = new Set<string>();
  const fn = (method: string, path: string, status: number, body: unknown) => {
    const op = doc.paths[path]?.[method];
    expect(op, `${method} ${path} is documented`).toBeDefined();
    const res = op!.responses[String(status)];
    expect(res, `${method} ${path} documents status ${status}`).toBeDefined();
    const schema = res!.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
    const ok = ajv.validate(rewritten, body);
    expect(ok, `${method} ${path} ${status}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    covered.add(`${method} ${path}`);
  };
  return Object.assign(fn, { covered, doc });
}
