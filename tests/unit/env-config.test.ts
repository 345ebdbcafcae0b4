import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { DAILY_CRON, SWEEP_CRON } from '../../functions/services/scheduled.ts';
import { configOf, parseWorkerConfig } from '../../src/schemas/env.ts';

describe("the Worker's variables, parsed with zod once per isolate", () => {
  test('wrangler.toml values are parsed into numbers and lists', () => {
    const { config, problems } = parseWorkerConfig({
      RATE_LIMIT_SUBMIT: '20/3600',
      RATE_LIMIT_KIOSK: ' 240/3600 ',
      RETENTION_MONTHS: '60',
      OPEN311_TEST_ORIGINS: 'http://127.0.0.1:8787, http://localhost:8787',
    });
    expect(problems).toEqual([]);
    expect(config.RATE_LIMIT_SUBMIT).toEqual({ hits: 20, seconds: 3600 });
    expect(config.RATE_LIMIT_KIOSK).toEqual({ hits: 240, seconds: 3600 });
    expect(config.OPEN311_TEST_ORIGINS).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
    expect(config.retention).toEqual({ months: 60, commentMonths: 60 });
  });

  test('unset variables take their defaults', () => {
    const { config, problems } = parseWorkerConfig({});
    expect(problems).toEqual([]);
    expect(config.RATE_LIMIT_SUBMIT).toBeUndefined();
    expect(config.retention).toEqual({ months: 24, commentMonths: 24 });
  });

  test.each(['0', '-3', '2.5', '24 tháng', 'abc', '99999'])(
    'a malformed retention (%j) falls back to the default, never to "now", and is reported',
    (raw) => {
      const { config, problems } = parseWorkerConfig({ RETENTION_MONTHS: raw });
      expect(config.retention.months).toBe(24);
      expect(problems.map((p) => p.variable)).toEqual(['RETENTION_MONTHS']);
    },
  );

  test.each(['20', '20/0', '0/60', 'nhiều/giờ', '20/3600/1'])(
    'a malformed rate limit (%j) is reported by name and the default applies',
    (raw) => {
      const { config, problems } = parseWorkerConfig({
        RATE_LIMIT_LOOKUP: raw,
        RETENTION_MONTHS: '36',
      });
      expect(config.RATE_LIMIT_LOOKUP).toBeUndefined();
      expect(config.retention.months).toBe(36);
      expect(problems).toEqual([
        { variable: 'RATE_LIMIT_LOOKUP', message: expect.stringMatching(/số/) },
      ]);
    },
  );

  test('a problem is logged once per environment, naming the variable but not its value', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = { ACCESS_AUD: '   ', RATE_LIMIT_SUBMIT: 'bí-mật' };
    configOf(env);
    configOf(env);
    expect(warn).toHaveBeenCalledTimes(2);
    const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
    expect(logged).toContain('RATE_LIMIT_SUBMIT');
    expect(logged).toContain('ACCESS_AUD');
    expect(logged).not.toContain('bí-mật');
    warn.mockRestore();
  });
});

describe('the Cron Triggers of wrangler.toml', () => {
  test('are exactly the schedules the Worker has jobs for', () => {
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    const crons = /^\[triggers\]\s*\ncrons = (\[.*\])$/m.exec(toml)?.[1];
    expect(JSON.parse(crons ?? 'null')).toEqual([SWEEP_CRON, DAILY_CRON]);
  });
});
