import type { TestProject } from 'vitest/node';
import { startServer } from '../../scripts/lib/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Serves the built site as `npm start` does and hands its URL to the browser tests. */
export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide('baseURL', server.baseURL);
  return () => server.stop();
}
