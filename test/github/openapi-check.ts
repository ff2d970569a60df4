/**
 * Checks a request against GitHub's published OpenAPI description: the
 * method and path template must exist, and path parameters, query
 * parameters and the JSON body must match the operation's schemas.  What the
 * fake GitHub serves is only as good as this check.
 *
 * It reads the trimmed copy `npm run openapi:trim` cuts from @octokit/openapi
 * (openapi/api.github.com.trimmed.json): the operations the code calls, in
 * full, and the rest of GitHub's by method and template only, so a request to
 * an operation left out is named as such, not as one GitHub lacks.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with a `default` property; NodeNext types the default import as the module.
const addFormats = formats.default;

export const TRIMMED_SPEC = new URL('./openapi/api.github.com.trimmed.json', import.meta.url);
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
  /** Null for an operation the trimmed copy left out. */
  operation: Operation | null;
  operationId: string;
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

export interface TrimmedSpec {
  info: { version: string };
  'x-trimmed': { package: string; packageVersion: string; trimmedOn: string; omitted: string[] };
  paths: Record<string, Record<string, unknown>>;
  components: { parameters: Record<string, Parameter> };
}

let shared: OpenApiCheck | undefined;

export class OpenApiCheck {
  private readonly routes: Route[] = [];
  readonly spec: TrimmedSpec;
  /** Bodies are checked as sent; parameters arrive as strings and are coerced to their types. */
  private readonly bodies = new Ajv({ strict: false, allErrors: true });
  private readonly strings = new Ajv({ strict: false, allErrors: true, coerceTypes: true });

  /** Parsing and compiling the description is not free: once per test process. */
  static get(): OpenApiCheck {
    return (shared ??= new OpenApiCheck());
  }

  private constructor() {
    this.spec = JSON.parse(readFileSync(TRIMMED_SPEC, 'utf8')) as TrimmedSpec;
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
        this.routes.push({ ...route(method, template, pattern, names), operation, operationId: operation.operationId, params });
      }
    }
    for (const line of this.spec['x-trimmed'].omitted) {
      const [method, template, operationId] = line.split(' ') as [string, string, string];
      const names: string[] = [];
      const pattern = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.routes.push({ ...route(method, template, pattern, names), operation: null, operationId, params: [] });
    }
  }

  private resolveParameter(pointer: string, param: Parameter): { pointer: string; param: Parameter } {
    if (!param.$ref) return { pointer, param };
    const name = param.$ref.replace('#/components/parameters/', '');
    return { pointer: `/components/parameters/${esc(name)}`, param: this.spec.components.parameters[name]! };
  }

  check(method: string, path: string, query: URLSearchParams, body: unknown, contentType: string | undefined): Checked {
    const candidates = this.routes.filter((r) => r.method === method && r.regex.test(path)).sort((a, b) => b.literals - a.literals);
    const route = candidates[0];
    if (!route) return { ok: false, match: null, problems: [`${method} ${path}: no such operation in GitHub's OpenAPI description`] };
    const values = route.regex
      .exec(path)!
      .slice(1)
      .map((v) => decodeURIComponent(v));
    const params = Object.fromEntries(route.names.map((n, i) => [n, values[i]!]));
    const match: Matched = { operationId: route.operationId, template: route.template, params };
    if (!route.operation) {
      return {
        ok: false,
        match,
        problems: [`${method} ${path}: ${route.operationId} is left out of the trimmed OpenAPI description (npm run openapi:trim keeps what src/ calls)`],
      };
    }
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

function route(method: string, template: string, pattern: string, names: string[]): Pick<Route, 'template' | 'method' | 'regex' | 'names' | 'literals'> {
  return {
    template,
    method: method.toUpperCase(),
    regex: new RegExp(`^${pattern}$`),
    names,
    literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
  };
}

function esc(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(what: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${what}${e.instancePath}: ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
