import { env } from 'cloudflare:workers';
import { app } from './test-worker.ts';

/** Sends a request to the app with the test bindings (real local D1). */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return Promise.resolve(app.request(path, init, env));
}
