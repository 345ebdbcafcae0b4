import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A local stand-in for the national portal's adapter (docs/adr/0017-national-portal-exchange.md):
 * it checks every request against the shapes recorded in the ADR (most of them observed in
 * public integrations, not read in TT 04/2025), records what it applied, and injects faults on
 * demand. It proves delivery, retries, idempotency and the dead-letter path, not conformance
 * to a text nobody here has seen.
 *
 * Control (from tests running in workerd, over HTTP):
 *   POST /__control/reset                      forget everything
 *   POST /__control/faults {"faults": [...]}   faults for the next status updates, one each:
 *        "500", "reject" (error_code 99), "timeout" (no answer, not applied),
 *        "timeout-after-apply" (applied, answer lost), "slow" (applied, answered late)
 *   POST /__control/down {"down": true|false}  every request answers 503 while down
 *   GET  /__control/state                      what was applied, counted and refused
 */

const TIMESTAMP = /^\d{14}$/;

/** CapNhatTienDoHoSoMC, one progress item [observed, OpenCPS]. */
const statusUpdate = z.strictObject({
  service: z.literal('CapNhatTienDoHoSoMC'),
  data: z
    .array(
      z.strictObject({
        MaHoSo: z.string().regex(/^[0-9A-Z.]{4,32}-\d{6}-\d{4,9}$/),
        NguoiXuLy: z.string().min(1),
        ChucDanh: z.string(),
        ThoiDiemXuLy: z.string().regex(TIMESTAMP),
        PhongBanXuLy: z.string(),
        NoiDungXuLy: z.string().min(1),
        TrangThai: z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']),
        NgayBatDau: z.string(),
        NgayKetThucTheoQuyDinh: z.string().regex(TIMESTAMP),
      }),
    )
    .length(1),
});

/** TraCuuHoSo [service name observed; this shape assumed, ADR 0017]. */
const progressQuery = z.strictObject({ service: z.literal('TraCuuHoSo'), MaHoSo: z.string() });

export type Fault = 'timeout' | 'timeout-after-apply' | '500' | 'reject' | 'slow';

export interface ContractState {
  /** Progress items applied, per dossier code, in the order they were applied. */
  applied: Record<string, { TrangThai: string; ThoiDiemXuLy: string }[]>;
  /** The same item applied more than once (must stay 0). */
  duplicates: number;
  /** An item applied before an earlier one of the same dossier (must stay 0). */
  outOfOrder: number;
  /** Requests that did not match the recorded shapes, or were not authenticated. */
  violations: string[];
  /** Requests received (any service, including the refused ones). */
  requests: number;
}

/** How long a "timeout" holds the answer: longer than the Worker waits in tests. */
const HOLD_MS = 1_500;

export async function startDvcqgContractServer(token: string) {
  let state: ContractState;
  let faults: Fault[];
  let down: boolean;
  const reset = () => {
    state = { applied: {}, duplicates: 0, outOfOrder: 0, violations: [], requests: 0 };
    faults = [];
    down = false;
  };
  reset();

  const read = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const apply = (item: z.output<typeof statusUpdate>['data'][number]) => {
    const items = state.applied[item.MaHoSo] ?? [];
    state.applied[item.MaHoSo] = items;
    if (items.some((i) => i.TrangThai === item.TrangThai && i.ThoiDiemXuLy === item.ThoiDiemXuLy)) {
      state.duplicates++;
    }
    if (items.some((i) => i.ThoiDiemXuLy > item.ThoiDiemXuLy)) state.outOfOrder++;
    items.push({ TrangThai: item.TrangThai, ThoiDiemXuLy: item.ThoiDiemXuLy });
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/__control/')) {
        const body = req.method === 'POST' ? ((await read(req)) as Record<string, unknown>) : {};
        if (url.pathname === '/__control/reset') reset();
        if (url.pathname === '/__control/faults') faults.push(...((body?.faults as Fault[]) ?? []));
        if (url.pathname === '/__control/down') down = body?.down === true;
        return send(res, 200, state);
      }
      state.requests++;
      const body = await read(req).catch(() => undefined);
      if (req.headers.authorization !== `Bearer ${token}`) {
        state.violations.push('missing or wrong token');
        return send(res, 401, { error_code: '401', message: 'unauthorized' });
      }
      if (down) return send(res, 503, { error_code: '503', message: 'down' });
      const query = progressQuery.safeParse(body);
      if (query.success) {
        return send(res, 200, { error_code: '0', data: state.applied[query.data.MaHoSo] ?? [] });
      }
      const update = statusUpdate.safeParse(body);
      if (!update.success) {
        state.violations.push(JSON.stringify(update.error.issues.map((i) => i.path.join('.'))));
        return send(res, 400, { error_code: '400', message: 'shape' });
      }
      const item = update.data.data[0] as z.output<typeof statusUpdate>['data'][number];
      const fault = faults.shift();
      if (fault === '500') return send(res, 500, { error_code: '500' });
      if (fault === 'reject') return send(res, 200, { error_code: '99', message: 'từ chối' });
      if (fault === 'timeout') {
        await wait(HOLD_MS);
        return send(res, 504, { error_code: '504' });
      }
      apply(item);
      if (fault === 'timeout-after-apply') {
        await wait(HOLD_MS);
        return send(res, 200, { error_code: '0' });
      }
      if (fault === 'slow') await wait(300);
      return send(res, 200, { error_code: '0' });
    } catch {
      send(res, 500, { error_code: '500' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
