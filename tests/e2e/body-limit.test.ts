import { describe, expect, inject, test } from 'vitest';
import { errorResponse } from '../../src/schemas/api.ts';

/**
 * A body over the 22 MB limit of `POST /api/submissions` on the real local server
 * (`wrangler dev`, as `npm start` runs it). The Worker refuses it, but answering while the
 * client is still sending used to make wrangler's proxy drop the connection, so the client
 * saw a reset or a bare 500 instead of the 413. The client must get the 413 and its JSON
 * error, whether the body declares its length or arrives in chunks.
 */

const baseURL = inject('baseURL');
const MB = 1024 * 1024;

async function expect413(res: Response) {
  expect(res.status).toBe(413);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(errorResponse.parse(await res.json()).error.code).toBe('payload_too_large');
}

describe('POST /api/submissions over 22 MB', () => {
  test('with a Content-Length: 413 with the JSON error', async () => {
    const body = new Uint8Array(23 * MB).fill(0x61);
    const res = await fetch(`${baseURL}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await expect413(res);
  }, 60_000);

  test('sent in chunks without a length: 413 with the JSON error', async () => {
    const chunk = new Uint8Array(MB).fill(0x61);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 23) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${baseURL}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expect413(res);
  }, 60_000);

  test('an answer given without reading the body reaches the client too', async () => {
    // The back office refuses an anonymous POST before anything reads the body.
    const res = await fetch(`${baseURL}/can-bo/tiep-nhan/cap-ban-sao-trich-luc-ho-tich`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: new Uint8Array(21 * MB).fill(0x61),
      redirect: 'manual',
    });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(500);
    await res.arrayBuffer();
  }, 60_000);

  test('the server still answers afterwards', async () => {
    expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
  });
});
