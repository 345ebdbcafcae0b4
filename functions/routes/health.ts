import { Hono } from 'hono';
import { version } from '../../package.json' with { type: 'json' };
import { pingDatabase } from '../db/health.ts';
import type { AppEnv } from '../env.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const db = await pingDatabase(c.env.DB);
  return c.json({ status: db.ok ? 'ok' : 'degraded', version, db }, db.ok ? 200 : 503);
});
