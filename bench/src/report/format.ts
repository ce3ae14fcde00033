import type { Spread } from '../stats.ts';

/** A number with thousands separators and `digits` decimals; `—` for NaN. */
export const num = (value: number, digits = 0): string =>
  Number.isNaN(value)
    ? '—'
    : value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });

/** `median (min–max)`, or just the value when every repeat agreed. */
export function show(s: Spread, digits = 0): string {
  if (s.n === 0) return '—';
  if (num(s.min, digits) === num(s.max, digits)) return num(s.median, digits);
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

/** `q1–q3` of a spread. */
export const iqr = (s: Spread, digits = 1): string =>
  s.n === 0 ? '—' : `${signedOrNot(s.q1, digits)} – ${signedOrNot(s.q3, digits)}`;

/** `min–max` of a spread. */
export const range = (s: Spread, digits = 1): string =>
  s.n === 0 ? '—' : `${signedOrNot(s.min, digits)} – ${signedOrNot(s.max, digits)}`;

const signedOrNot = (value: number, digits: number) =>
  value < 0 ? `−${num(-value, digits)}` : num(value, digits);

export const pct = (value: number): string =>
  Number.isNaN(value) ? '—' : `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} %`;

export const signed = (value: number, digits = 1): string =>
  Number.isNaN(value) ? '—' : `${value >= 0 ? '+' : '−'}${num(Math.abs(value), digits)}`;

export const kb = (bytes: number): string =>
  Number.isNaN(bytes) || bytes === 0 ? '—' : `${(bytes / 1000).toFixed(2)} kB`;

/** A target beside its verdict: `≤ 5: **met**`. `undefined`: this run cannot tell. */
export const verdict = (target: string, met: boolean | undefined): string =>
  `${target}: ${met === undefined ? 'not resolved' : met ? '**met**' : '**missed**'}`;

/** A Markdown table; `|` inside cells is escaped. */
export function table(head: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}
