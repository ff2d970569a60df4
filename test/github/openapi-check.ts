/**
 * Checks a request against GitHub's published OpenAPI description
 * (@octokit/openapi): the method and path template must exist, and path
 * parameters, query parameters and the JSON body must match the operation's
 * schemas.  What the fake GitHub serves is only as good as this check.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with a `default` property; NodeNext types the default import as the module.
const addFormats = formats.default;

const require = createRequire(import.meta.url);
const SPEC_ID = 'https://api.github.com/openapi.json';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
  'x-multi-segment'?: boolean;
  $ref?: string;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
}

interface Route {
  template: string;
  method: string;
  operation: Operation;
  regex: RegExp;
  names: string[];
  /** Literal segments: `/pulls/comments/{id}` must win over `/pulls/{pull_number}/…`. */
  literals: number;
  params: { pointer: string; param: Parameter }[];
  params$?: ValidateFunction;
  body$?: ValidateFunction;
}

export interface Matched {
  operationId: string;
  template: string;
  params: Record<string, string>;
}

export type Checked = { ok: true; match: Matched } | { ok: false; match: Matched | null; problems: string[] };

type Spec = { paths: Record<string, Record<string, unknown>>; components: { parameters: Record<string, Parameter> } };

let shared: OpenApiCheck | undefined;

export class OpenApiCheck {
  private readonly routes: Route[] = [];
  private readonly spec: Spec;
  /** Bodies are checked as sent; parameters arrive as strings and are coerced to their types. */
  private readonly bodies = new Ajv({ strict: false, allErrors: true });
  private readonly strings = new Ajv({ strict: false, allErrors: true, coerceTypes: true });

  /** The description is 13 MB of JSON: parse it once per test process. */
  static get(): OpenApiCheck {
    return (shared ??= new OpenApiCheck());
  }

  private constructor() {
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    this.spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
    for (const ajv of [this.bodies, this.strings]) {
      addFormats(ajv);
      ajv.addSchema({ ...this.spec, $id: SPEC_ID }, undefined, undefined, false);
    }
    for (const [template, item] of Object.entries(this.spec.paths)) {
      const shared = (item.parameters as Parameter[] | undefined) ?? [];
      for (const [method, value] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const operation = value as Operation;
        const params = [
          ...shared.map((p, i) => ({ pointer: `/paths/${esc(template)}/parameters/${i}`, param: p })),
          ...(operation.parameters ?? []).map((p, i) => ({ pointer: `/paths/${esc(template)}/${method}/parameters/${i}`, param: p })),
        ].map(({ pointer, param }) => this.resolveParameter(pointer, param));
        const names: string[] = [];
        const multi = new Set(params.filter((p) => p.param['x-multi-segment']).map((p) => p.param.name));
        const pattern = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
          names.push(name);
          return multi.has(name) ? '(.+)' : '([^/]+)';
        });
        this.routes.push({
          template,
          method: method.toUpperCase(),
          operation,
          regex: new RegExp(`^${pattern}$`),
          names,
          literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
          params,
        });
      }
    }
  }

  private resolveParameter(pointer: string, param: Parameter): { pointer: string; param: Parameter } {
    if (!param.$ref) return { pointer, param };
    const name = param.$ref.replace('#/components/parameters/', '');
    return { pointer: `/components/parameters/${esc(name)}`, param: this.spec.components.parameters[name]! };
  }

  check(method: string, path: string, query: URLSearchParams, body: unknown, contentType: string | undefined): Checked {
    const candidates = this.routes
      .filter((r) => r.method === method && r.regex.test(path))
      .sort((a, b) => b.literals - a.literals);
    const route = candidates[0];
    if (!route) return { ok: false, match: null, problems: [`${method} ${path}: no such operation in GitHub's OpenAPI description`] };
    const values = route.regex.exec(path)!.slice(1).map((v) => decodeURIComponent(v));
    const params = Object.fromEntries(route.names.map((n, i) => [n, values[i]!]));
    const match: Matched = { operationId: route.operation.operationId, template: route.template, params };
    const problems: string[] = [];

    const given: Record<string, string> = { ...params };
    for (const [key, value] of query) {
      if (key in given) problems.push(`query parameter ${key} given twice`);
      given[key] = value;
    }
    const declared = route.params.filter((p) => p.param.in === 'path' || p.param.in === 'query');
    for (const key of Object.keys(given)) {
      if (!declared.some((p) => p.param.name === key)) problems.push(`${key}: not a parameter of ${match.operationId}`);
    }
    const params$ = (route.params$ ??= this.strings.compile({
      type: 'object',
      properties: Object.fromEntries(declared.map((p) => [p.param.name, { $ref: `${SPEC_ID}#${p.pointer}/schema` }])),
      required: declared.filter((p) => p.param.required).map((p) => p.param.name),
    }));
    if (!params$(given)) problems.push(...describe('parameters', params$));

    const content = route.operation.requestBody?.content['application/json'];
    if (body !== undefined) {
      if (!content) problems.push(`${match.operationId} takes no JSON body`);
      else {
        if (!contentType?.startsWith('application/json')) problems.push(`body sent as ${contentType ?? 'nothing'}, not application/json`);
        const pointer = `/paths/${esc(route.template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
        const body$ = (route.body$ ??= this.bodies.compile({ $ref: `${SPEC_ID}#${pointer}` }));
        if (!body$(body)) problems.push(...describe('body', body$));
      }
    } else if (route.operation.requestBody?.required) {
      problems.push(`${match.operationId} requires a body`);
    }
    return problems.length === 0 ? { ok: true, match } : { ok: false, match, problems };
  }
}

function esc(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(what: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${what}${e.instancePath}: ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
