import type { TestProject } from 'vitest/node';
import { startNotifyProviders } from '../contract/notify-providers.ts';

/**
 * Global setup of the worker project: the local contract servers of the notification
 * providers (tests/contract/notify-providers.ts), their base URL provided to the tests as
 * `notifyContractUrl`.
 */
export default async function setup(project: TestProject) {
  const { url, server } = await startNotifyProviders();
  project.provide('notifyContractUrl', url);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    notifyContractUrl: string;
  }
}
