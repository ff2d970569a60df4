/** The checker the fake GitHub puts every request through: it must catch what GitHub would refuse. */
import { describe, expect, it } from 'vitest';
import { OpenApiCheck } from './openapi-check.js';

const q = (s = '') => new URLSearchParams(s);
const JSON_TYPE = 'application/json; charset=utf-8';

describe("GitHub's OpenAPI description as a request checker", () => {
  const api = OpenApiCheck.get();

  it('matches templates, literal segments first, multi-segment parameters whole', () => {
    expect(api.check('DELETE', '/repos/o/r/pulls/comments/12', q(), undefined, undefined)).toMatchObject({
      ok: true,
      match: { operationId: 'pulls/delete-review-comment', params: { comment_id: '12' } },
    });
    expect(api.check('GET', '/repos/o/r/compare/master...feature/x', q('per_page=100&page=2'), undefined, undefined)).toMatchObject({
      ok: true,
      match: { operationId: 'repos/compare-commits-with-basehead', params: { basehead: 'master...feature/x' } },
    });
  });

  it('refuses unknown operations, parameters of the wrong type, and unknown query parameters', () => {
    expect(api.check('POST', '/repos/o/r/pulls/7/review', q(), {}, JSON_TYPE)).toMatchObject({ ok: false, match: null });
    expect(api.check('GET', '/repos/o/r/pulls/seven/files', q(), undefined, undefined)).toMatchObject({ ok: false });
    expect(api.check('GET', '/repos/o/r/pulls/7/files', q('per_page=all'), undefined, undefined)).toMatchObject({ ok: false });
    const unknown = api.check('GET', '/repos/o/r/pulls/7/files', q('sort=asc'), undefined, undefined);
    expect(unknown).toMatchObject({ ok: false, problems: ['sort: not a parameter of pulls/list-files'] });
  });

  it('tells an operation GitHub has but the trimmed copy left out from one GitHub lacks', () => {
    // GET of a review comment shares its template with the kept PATCH and DELETE.
    for (const [method, path, operationId] of [
      ['GET', '/repos/o/r/pulls/7', 'pulls/get'],
      ['GET', '/repos/o/r/pulls/comments/12', 'pulls/get-review-comment'],
    ] as const) {
      const checked = api.check(method, path, q(), undefined, undefined);
      expect(checked).toMatchObject({ ok: false, match: { operationId } });
      expect(checked.ok || checked.problems).toEqual([expect.stringContaining('left out of the trimmed OpenAPI description')]);
    }
  });

  it('validates JSON bodies against the operation schema', () => {
    const review = (comments: unknown[]) => api.check('POST', '/repos/o/r/pulls/7/reviews', q(), { event: 'COMMENT', body: 'b', comments }, JSON_TYPE);
    expect(review([{ path: 'a', body: 'b', line: 3, side: 'RIGHT' }]).ok).toBe(true);
    expect(review([{ path: 'a', body: 'b', line: '3' }])).toMatchObject({ ok: false, problems: ['body/comments/0/line: must be integer {"type":"integer"}'] });
    expect(review([{ line: 3, body: 'b' }]).ok).toBe(false);
    const annotation = { path: 'a', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'm' };
    const create = (n: number) =>
      api.check(
        'POST',
        '/repos/o/r/check-runs',
        q(),
        { name: 'n', head_sha: 's', output: { title: 't', summary: 's', annotations: Array(n).fill(annotation) } },
        JSON_TYPE,
      );
    expect(create(50).ok).toBe(true);
    expect(create(51)).toMatchObject({ ok: false, problems: [expect.stringContaining('must NOT have more than 50 items')] });
    expect(api.check('PATCH', '/repos/o/r/check-runs/5', q(), { output: { title: 't', summary: 'x'.repeat(65_536) } }, JSON_TYPE).ok).toBe(false);
    expect(api.check('POST', '/repos/o/r/pulls/7/reviews', q(), { event: 'COMMENT' }, 'text/plain')).toMatchObject({ ok: false });
  });
});
