import type { RunningClient } from './start-clients.ts';
import type { Style } from './view/style.ts';
import { type Column, formatTable } from './view/table.ts';

const COLUMNS: Column[] = [
  { header: 'client' },
  { header: 'grant' },
  { header: 'requests', align: 'right' },
  { header: 'succeeded', align: 'right' },
  { header: '401s retried', align: 'right' },
  { header: 'token requests', align: 'right' },
  { header: 'failures', align: 'right' },
];

interface Row {
  requests: number;
  succeeded: number;
  retried401: number;
  tokenRequests: number;
  failures: number;
}

function rowOf(client: RunningClient): Row {
  const { stats } = client;
  return {
    requests: stats.requests,
    succeeded: stats.succeeded,
    // Each client has its own API, so every 401 that API answered was one of this client's sends.
    retried401: client.api.stats().unauthorized,
    tokenRequests: stats.tokenRequests,
    failures: stats.failures,
  };
}

export function totalsOf(clients: readonly RunningClient[]): Row {
  const total: Row = { requests: 0, succeeded: 0, retried401: 0, tokenRequests: 0, failures: 0 };
  for (const row of clients.map(rowOf)) {
    for (const key of Object.keys(total) as Array<keyof Row>) total[key] += row[key];
  }
  return total;
}

function cells(row: Row, style: Style): string[] {
  const failures = String(row.failures);
  return [
    String(row.requests),
    String(row.succeeded),
    String(row.retried401),
    String(row.tokenRequests),
    row.failures === 0 ? style.green(failures) : style.red(failures),
  ];
}

/** The per-client table with a total row. */
export function clientTable(clients: readonly RunningClient[], style: Style): string[] {
  const rows = clients.map((client) => [client.name, client.grant, ...cells(rowOf(client), style)]);
  rows.push([style.bold('total'), '', ...cells(totalsOf(clients), style)]);
  return formatTable(COLUMNS, rows);
}

/** One line for logs that are not a terminal. */
export function summaryLine(clients: readonly RunningClient[], clock: string): string {
  const t = totalsOf(clients);
  return (
    `${clock} requests ${t.requests}, succeeded ${t.succeeded}, 401s retried ${t.retried401}, ` +
    `token requests ${t.tokenRequests}, failures ${t.failures}`
  );
}

/** `[  4.2s]`: time since the start, for log lines. */
export function clockOf(startedAt: number): string {
  return `[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s]`;
}
