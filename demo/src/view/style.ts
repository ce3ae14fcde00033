/** Colours for a terminal that wants them (a TTY, and `NO_COLOR` unset: https://no-color.org). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) =>
  `\x1b[${open}m${text}\x1b[${close}m`;

const plain = (text: string) => text;

export function createStyle(stream: NodeJS.WriteStream): Style {
  const color = stream.isTTY === true && !process.env.NO_COLOR;
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain };
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
  };
}
