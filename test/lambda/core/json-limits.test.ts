import fc from 'fast-check';
import { jsonStructureProblem } from '../../../src/runtime/ingest/json-limits';

const LIMITS = { maxDepth: 64, maxElements: 50_000 };

/** The reference the scanner must agree with: depth and member count walked over the parsed value. */
function measured(value: unknown): { depth: number; elements: number } {
  if (value === null || typeof value !== 'object') return { depth: 0, elements: 0 };
  const children = Array.isArray(value) ? value : Object.values(value as object);
  const inner = children.map(measured);
  return {
    depth: 1 + Math.max(0, ...inner.map((m) => m.depth)),
    elements: children.length + inner.reduce((sum, m) => sum + m.elements, 0),
  };
}

describe('jsonStructureProblem', () => {
  test.each([
    ['a flat object', '{"a":1,"b":"x"}', undefined],
    ['64 levels (the limit)', `${'['.repeat(64)}${']'.repeat(64)}`, undefined],
    ['65 levels', `${'['.repeat(65)}${']'.repeat(65)}`, 'json_too_deep'],
    ['65 levels of objects', `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`, 'json_too_deep'],
    ['100,000 unclosed brackets', '['.repeat(100_000), 'json_too_deep'],
    ['brackets inside strings do not nest', JSON.stringify({ a: '['.repeat(1_000), b: '\\"[[[' }), undefined],
    ['an escaped quote does not end the string', `{"a":"\\"${'['.repeat(100)}"}`, undefined],
  ])('%s', (_name, text, reason) => {
    // Prepare
    // Act
    const problem = jsonStructureProblem(text, LIMITS);

    // Assess
    expect(problem?.reason).toBe(reason);
  });

  test.each([
    ['10 elements (the limit)', '[1,2,3,4,5,6,7,8,9,10]', undefined],
    ['11 elements', '[1,2,3,4,5,6,7,8,9,10,11]', 'json_too_many_elements'],
    ['keys count like elements', '{"a":1,"b":2,"c":{"d":[1,2,3,4,5,6,7]}}', 'json_too_many_elements'],
    ['empty containers hold nothing', '[[],{},[],{},[],{},[],{},[]]', undefined],
    ['commas inside strings are text', JSON.stringify(['a,b,c,d,e,f,g,h,i,j,k,l']), undefined],
  ])('element cap: %s', (_name, text, reason) => {
    // Prepare
    // Act
    const problem = jsonStructureProblem(text, { maxDepth: 64, maxElements: 10 });

    // Assess
    expect(problem?.reason).toBe(reason);
  });

  test('agrees with a walk over the parsed value for any JSON (property)', () => {
    fc.assert(fc.property(fc.json({ depthSize: 'large' }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 40 }), (text, maxDepth, maxElements) => {
      // Prepare
      const { depth, elements } = measured(JSON.parse(text));

      // Act
      const problem = jsonStructureProblem(text, { maxDepth, maxElements });

      // Assess
      const tooDeep = depth > maxDepth;
      if (!tooDeep && elements <= maxElements) expect(problem).toBeUndefined();
      else expect(problem).toBeDefined();
      if (problem?.reason === 'json_too_deep') expect(tooDeep).toBe(true);
      if (problem?.reason === 'json_too_many_elements') expect(elements).toBeGreaterThan(maxElements);
    }), { numRuns: 2_000 });
  });
});
