/**
 * The trimmed copy of GitHub's OpenAPI description the contract tests read
 * (npm run openapi:trim): it must hold every operation the fake GitHub serves
 * and the code calls, every $ref in it must resolve, and the trimmer must
 * follow references transitively, so the copy cannot go stale or hollow
 * without a test saying so.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs dev script, without types
import * as trimmer from '../../src/devtools/openapi-trim.mjs';
import { SERVED_OPERATIONS } from './fake-github.js';
import { TRIMMED_SPEC, type TrimmedSpec } from './openapi-check.js';

interface Operation {
  method: string;
  template: string;
  operationId: string;
}

type Doc = Record<string, unknown>;

const { callsInCode, danglingRefs, operationsOf, resolveCalls, trim } = trimmer as {
  callsInCode: (root?: string) => ({ where: string; operationId: string } | { where: string; method: string; template: string })[];
  danglingRefs: (doc: unknown) => string[];
  operationsOf: (spec: unknown) => Operation[];
  resolveCalls: (spec: unknown, calls: unknown[]) => Operation[];
  trim: (spec: unknown, operations: Operation[], source: { package: string; version: string; file: string; date: string }) => Doc;
};

const spec = JSON.parse(readFileSync(TRIMMED_SPEC, 'utf8')) as TrimmedSpec & Doc;
const kept = operationsOf(spec);

describe('the trimmed OpenAPI description', () => {
  it('says what it was cut from and when', () => {
    expect(spec['x-trimmed']).toMatchObject({ package: '@octokit/openapi', file: 'generated/api.github.com.json' });
    expect(spec['x-trimmed'].packageVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(spec['x-trimmed'].trimmedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // GitHub's API has hundreds of operations: the rest are listed, so routing stays GitHub's.
    expect(spec['x-trimmed'].omitted.length).toBeGreaterThan(500);
  });

  it('holds every operation the fake GitHub serves', () => {
    const ids = kept.map((o) => o.operationId);
    expect(SERVED_OPERATIONS.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('holds exactly the operations the code calls (rerun npm run openapi:trim after adding one)', () => {
    const calls = callsInCode();
    expect(calls.length).toBeGreaterThan(0);
    const key = (o: Operation) => `${o.method} ${o.template}`;
    expect(resolveCalls(spec, calls).map(key).sort()).toEqual(kept.map(key).sort());
  });

  it('resolves every $ref inside itself', () => {
    expect(danglingRefs(spec)).toEqual([]);
    // The check can fail: a reference to a component left out.
    const broken = structuredClone(spec) as Doc & { components: Record<string, Doc> };
    delete broken.components.schemas!['simple-user'];
    expect(danglingRefs(broken)).toContain('#/components/schemas/simple-user');
  });

  it('is a fixed point of the trimmer: trimming it again keeps every path and component', () => {
    const again = trim(spec, kept, {
      package: '@octokit/openapi',
      version: spec['x-trimmed'].packageVersion,
      file: 'generated/api.github.com.json',
      date: spec['x-trimmed'].trimmedOn,
    });
    expect(again.paths).toEqual(spec.paths);
    expect(again.components).toEqual(spec.components);
  });
});

describe('the trimmer', () => {
  const source = {
    openapi: '3.0.3',
    info: { version: '1.0.0' },
    paths: {
      '/a/{id}': {
        parameters: [{ $ref: '#/components/parameters/id' }],
        get: { operationId: 'x/get-a', responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/a' } } } } } },
        delete: { operationId: 'x/delete-a', responses: { 204: { description: 'gone' } } },
      },
      '/b': { post: { operationId: 'x/create-b', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/b' } } } } } },
    },
    components: {
      parameters: { id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } } },
      schemas: {
        a: { type: 'object', properties: { child: { $ref: '#/components/schemas/child' } } },
        child: { type: 'object', properties: { leaf: { $ref: '#/components/schemas/leaf' } } },
        leaf: { type: 'string' },
        b: { type: 'object' },
        unused: { type: 'number' },
      },
    },
  };
  const meta = { package: 'p', version: '1.2.3', file: 'f.json', date: '2026-01-02' };

  it('keeps the operations asked for with the components they reach, transitively, and lists the rest', () => {
    const out = trim(source, [{ method: 'get', template: '/a/{id}', operationId: 'x/get-a' }], meta) as Doc & {
      paths: Record<string, Doc>;
      components: Record<string, Doc>;
    };
    expect(Object.keys(out.paths)).toEqual(['/a/{id}']);
    expect(Object.keys(out.paths['/a/{id}']!).sort()).toEqual(['get', 'parameters']);
    expect(Object.keys(out.components['schemas']!)).toEqual(['a', 'child', 'leaf']);
    expect(Object.keys(out.components['parameters']!)).toEqual(['id']);
    expect(out['x-trimmed']).toMatchObject({ packageVersion: '1.2.3', trimmedOn: '2026-01-02', omitted: ['DELETE /a/{id} x/delete-a', 'POST /b x/create-b'] });
    expect(danglingRefs(out)).toEqual([]);
  });

  it('refuses a source whose references do not resolve', () => {
    const broken = structuredClone(source);
    delete (broken.components.schemas as Partial<typeof broken.components.schemas>).leaf;
    expect(() => trim(broken, [{ method: 'get', template: '/a/{id}', operationId: 'x/get-a' }], meta)).toThrow(/#\/components\/schemas\/leaf/);
  });

  it('maps both kinds of call in the code to operations, and names a call that has none', () => {
    const calls = [
      { where: 'src/x.ts', operationId: 'x/create-b' },
      { where: 'src/y.ts', method: 'get', template: '/a/{id}' },
    ];
    expect(resolveCalls(source, calls).map((o) => o.operationId)).toEqual(['x/get-a', 'x/create-b']);
    expect(() => resolveCalls(source, [{ where: 'src/z.ts', operationId: 'x/list-bs' }])).toThrow(/src\/z\.ts: x\/list-bs/);
  });
});
