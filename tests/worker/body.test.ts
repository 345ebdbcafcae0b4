import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { app } from './test-worker.ts';

/**
 * A handler may answer without reading the body (a rate limit, a refused session, a
 * declared length over the limit). Answering while the client is still sending makes the
 * local server's proxy reset the connection, so the app drops such a body before it
 * answers (functions/http/body.ts, discardUnread).
 */
describe('a body the handler never read', () => {
  function countingBody(chunks: number) {
    const state = { sent: 0, finished: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (state.sent === chunks) {
          state.finished = true;
          controller.close();
          return;
        }
        state.sent++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    return { stream, state };
  }

  test('is read to its end before the answer goes out', async () => {
    const { stream, state } = countingBody(40);
    // An anonymous POST to the back office is refused before anything reads the body.
    const res = await app.request(
      '/can-bo/tiep-nhan/cap-ban-sao-trich-luc-ho-tich',
      {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      },
      env,
    );
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(state.finished).toBe(true);
    expect(state.sent).toBe(40);
  });

  test('a body the handler read is not touched again', async () => {
    const res = await app.request(
      '/api/submissions',
      { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
      env,
    );
    expect(res.status).toBe(400);
  });
});
