import { classifyHttp, type SendOutcome } from '../../../src/domain/notify/delivery.ts';

/** How long a provider may take to answer before the attempt counts as a temporary failure. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * One POST of JSON to a provider: the parsed answer of a 2xx, or the failure it means. No
 * personal data leaves this function in an error: only classes and codes.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ ok: true; status: number; json: unknown } | { ok: false; outcome: SendOutcome }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, outcome: { ok: false, failure: 'temporary', code: 'network' } };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return {
      ok: false,
      outcome: {
        ok: false,
        failure: classifyHttp(response.status),
        code: `http-${response.status}`,
      },
    };
  }
  const text = await response.text();
  if (!text.trim()) return { ok: true, status: response.status, json: null };
  try {
    return { ok: true, status: response.status, json: JSON.parse(text) };
  } catch {
    // A 2xx that is not the provider's JSON: a proxy or a changed API, which someone must look at.
    return { ok: false, outcome: { ok: false, failure: 'technical', code: 'bad-answer' } };
  }
}
