import { ar, en, fa, sl, uk } from '../i18n/all';
import { describe, expect, it } from 'vitest';
import { problemCodesFromOpenapi, problemCodesFromSchema } from '../testing/problem-codes';
import { PROBLEM_CODES, problemKey, problemMessage, type ProblemKey } from './problem';

const languages = { en, sl, ar, uk, fa };

describe('ProblemCode', () => {
  it('the committed schema.d.ts lists the codes of openapi.yaml', async () => {
    expect(problemCodesFromSchema().sort()).toEqual((await problemCodesFromOpenapi()).sort());
  });

  it('PROBLEM_CODES lists exactly the codes of openapi.yaml', async () => {
    expect([...PROBLEM_CODES].sort()).toEqual((await problemCodesFromOpenapi()).sort());
  });

  it.each(Object.entries(languages))('%s has a message for every code, and the fallbacks', async (_lang, m) => {
    const problem: Record<string, string> = m.problem;
    for (const code of [...(await problemCodesFromOpenapi()), 'generic', 'network']) {
      expect(problem[code], `problem.${code}`).toBeTypeOf('string');
      expect(problem[code]?.trim(), `problem.${code}`).not.toBe('');
    }
  });
});

describe('problemKey / problemMessage', () => {
  const t = (key: ProblemKey) => {
    const [, code] = key.split('.') as [string, keyof typeof en.problem];
    return en.problem[code];
  };

  it('uses the message of a known code', () => {
    const problem = { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'database_unavailable' };
    expect(problemKey(problem)).toBe('problem.database_unavailable');
    expect(problemMessage(t, problem)).toBe(en.problem.database_unavailable);
  });

  it('falls back to the generic message for an unknown code', () => {
    expect(problemKey({ status: 418, code: 'teapot' })).toBe('problem.generic');
    expect(problemMessage(t, { code: 'teapot' })).toBe(en.problem.generic);
  });

  it('falls back to the generic message for anything that is not a problem document', () => {
    for (const value of [undefined, null, 'Bad Gateway', 42, {}, new SyntaxError('Unexpected token <')]) {
      expect(problemKey(value)).toBe('problem.generic');
    }
  });

  it('reports a failed, timed-out or aborted fetch as a network problem', () => {
    expect(problemKey(new TypeError('Failed to fetch'))).toBe('problem.network');
    expect(problemKey(new DOMException('timed out', 'TimeoutError'))).toBe('problem.network');
    expect(problemKey(new DOMException('aborted', 'AbortError'))).toBe('problem.network');
  });
});
