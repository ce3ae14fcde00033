import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-util.ts';

/** What a server lets child processes drive over `/__admin/*`. */
export interface AdminTarget {
  stats(): unknown;
  resetStats(): void;
  revokeAll?(): void;
  setOutage?(status: number | false): void;
  setLatencyMs?(ms: number): void;
  setMode?(mode: string): void;
}

/** Path prefix of the admin routes; tests never send real traffic there. */
export const ADMIN_PREFIX = '/__admin/';

/** Converts Maps to plain objects so stats survive `JSON.stringify`. */
function toJson(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

/**
 * Answers one `/__admin/*` request: `POST revoke-all`, `POST outage {status}`,
 * `POST latency {ms}`, `POST mode {mode}`, `GET stats`, `POST reset-stats`.
 * Unknown routes, or routes the target does not support, answer 404.
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  target: AdminTarget,
): Promise<void> {
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname.slice(ADMIN_PREFIX.length)}`;
  const raw = (await readBody(req)).toString('utf8');
  let body: Record<string, unknown> = {};
  try {
    body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    sendJson(res, 400, { error: 'invalid_json' });
    return;
  }
  const ok = () => sendJson(res, 200, { ok: true });
  switch (route) {
    case 'GET stats': {
      const stats = target.stats() as Record<string, unknown>;
      sendJson(res, 200, Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, toJson(v)])));
      return;
    }
    case 'POST reset-stats':
      target.resetStats();
      return ok();
    case 'POST revoke-all':
      if (!target.revokeAll) break;
      target.revokeAll();
      return ok();
    case 'POST outage':
      if (!target.setOutage) break;
      target.setOutage(typeof body.status === 'number' ? body.status : false);
      return ok();
    case 'POST latency':
      if (!target.setLatencyMs) break;
      target.setLatencyMs(Number(body.ms) || 0);
      return ok();
    case 'POST mode':
      if (!target.setMode || typeof body.mode !== 'string') break;
      target.setMode(body.mode);
      return ok();
  }
  sendJson(res, 404, { error: 'unknown_admin_route', route });
}
