import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/server/rest/openapi';
import { matchRoute } from '@/server/rest/registry';

const id = '0b5c6f0e-8d2a-4e4b-9a53-2f1d7c9e8a11';
const routeOf = (method: string, path: string) => {
  const m = matchRoute(method, path);
  return m && 'route' in m ? { path: m.route.path, tag: m.route.tag, params: m.params } : m;
};

describe('REST paths of templates are not captured by /api/v1/scripts/{id}', () => {
  it.each([
    ['GET', '/api/v1/scripts/templates/', '/api/v1/scripts/templates/'],
    ['POST', '/api/v1/scripts/templates/', '/api/v1/scripts/templates/'],
    ['GET', '/api/v1/scripts/templates', '/api/v1/scripts/templates/'],
    ['GET', `/api/v1/scripts/templates/${id}`, '/api/v1/scripts/templates/{id}'],
    ['PUT', `/api/v1/scripts/templates/${id}`, '/api/v1/scripts/templates/{id}'],
    ['DELETE', `/api/v1/scripts/templates/${id}`, '/api/v1/scripts/templates/{id}'],
    ['POST', `/api/v1/scripts/templates/${id}/instantiate`, '/api/v1/scripts/templates/{id}/instantiate'],
    ['POST', `/api/v1/scripts/templates/${id}/preview`, '/api/v1/scripts/templates/{id}/preview'],
  ])('%s %s → %s', (method, path, expected) => {
    expect(routeOf(method, path)).toMatchObject({ path: expected, tag: 'templates' });
  });

  it('still routes script ids to the scripts endpoints', () => {
    expect(routeOf('GET', `/api/v1/scripts/${id}`)).toMatchObject({
      path: '/api/v1/scripts/{id}',
      tag: 'scripts',
      params: { id },
    });
    expect(routeOf('POST', '/api/v1/scripts/')).toMatchObject({ path: '/api/v1/scripts/', tag: 'scripts' });
    expect(routeOf('GET', `/api/v1/scripts/templates/${id}`)).toMatchObject({ params: { id } });
  });

  it('documents every template operation in the OpenAPI document', () => {
    const doc = openApiDocument('/');
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/v1/scripts/templates'))
      .flatMap(([p, o]) => Object.keys(o).map((m) => `${m} ${p}`))
      .sort();
    expect(ops).toEqual([
      'delete /api/v1/scripts/templates/{id}',
      'get /api/v1/scripts/templates/',
      'get /api/v1/scripts/templates/{id}',
      'post /api/v1/scripts/templates/',
      'post /api/v1/scripts/templates/{id}/instantiate',
      'post /api/v1/scripts/templates/{id}/preview',
      'put /api/v1/scripts/templates/{id}',
    ]);
  });
});
