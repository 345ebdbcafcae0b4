import { describe, expect, test } from 'vitest';
import { summariseProfile } from '../../scripts/lib/devtools-profile.ts';
import { acceptsGzip } from '../../functions/http/gzip.ts';

/**
 * bench:worker judges CPU per request on the Worker isolate's profile: what it counts
 * must be the isolate's running time, never the gaps while it waited.
 */
const frame = (functionName: string, url = '', lineNumber = -1) => ({
  functionName,
  url,
  lineNumber,
});
const nodes = [
  { id: 1, callFrame: frame('(root)') },
  { id: 2, callFrame: frame('(idle)') },
  { id: 3, callFrame: frame('render', 'file:///dist/server/entry.mjs', 41) },
  { id: 4, callFrame: frame('(garbage collector)') },
  { id: 5, callFrame: frame('(program)') },
];

describe('the profile summary of bench:worker', () => {
  test('counts running samples at the sampler period; idle and waiting gaps are not CPU', () => {
    const summary = summariseProfile({
      nodes,
      // 200 µs period; one render sample after 50 ms of waiting; one idle sample.
      samples: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5, 2, 3],
      timeDeltas: [
        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 9000, 50_000,
      ],
    });
    expect(summary.periodUs).toBe(200);
    expect(summary.samples).toBe(15);
    // 12 render samples at 0.2 ms, plus the one after the gap capped at 1.5 periods (0.3 ms).
    expect(summary.ms).toBeCloseTo(15 * 0.2 - 0.2 + 0.3, 6);
    expect(summary.gcMs).toBeCloseTo(0.2, 6);
    expect(summary.programMs).toBeCloseTo(0.2, 6);
    expect(summary.functions[0]).toEqual({ name: 'render entry.mjs:42', ms: expect.any(Number) });
    expect(summary.functions[0]?.ms).toBeCloseTo(12 * 0.2 + 0.3, 6);
  });
});

describe('Accept-Encoding for the Open311 service list', () => {
  test.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['br', false],
    ['identity', false],
    ['', false],
    [null, false],
  ] as const)('%s → %s', (header, gzip) => {
    expect(acceptsGzip(header)).toBe(gzip);
  });
});
