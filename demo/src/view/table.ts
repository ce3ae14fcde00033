/** A column of a text table: right-aligned when it holds numbers. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Formats rows as a plain-text table with a header underline. Cells are
 * padded by their visible length, so ANSI colour codes inside cells are fine.
 */
export function formatTable(columns: readonly Column[], rows: readonly string[][]): string[] {
  const widths = columns.map((column, i) =>
    Math.max(visibleLength(column.header), ...rows.map((row) => visibleLength(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => pad(cells[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map(line),
  ];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matches ANSI escape sequences on purpose
const ANSI = /\x1b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}
