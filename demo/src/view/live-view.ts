/** What the run shows while it goes. */
export interface LiveView {
  /** Whether frames are redrawn in place (a TTY) or summarised in periodic lines. */
  readonly live: boolean;
  /** An event line; it stays on screen above the live frame. */
  log(line: string): void;
  /**
   * Shows the current state: on a TTY, `frame` replaces the previous frame in place;
   * otherwise `summary` is printed as one line, at most once per `plainIntervalMs`.
   */
  render(frame: readonly string[], summary: string): void;
  /** Erases the live frame (the caller prints the final state) and gives the cursor back. */
  close(): void;
}

const CURSOR_HIDE = '\x1b[?25l';
const CURSOR_SHOW = '\x1b[?25h';
// Cursor to the start of the line `n` lines up, then erase to the end of the screen.
const erase = (lines: number) => (lines > 0 ? `\x1b[${lines}F\x1b[0J` : '');

/**
 * A tiny renderer: ANSI cursor movement when `stream` is a TTY, plain lines
 * otherwise (CI logs, pipes, files), so the output stays readable in both.
 */
export function createLiveView(stream: NodeJS.WriteStream, plainIntervalMs = 1_000): LiveView {
  const live = stream.isTTY === true;
  let frame: readonly string[] = [];
  let lastPlainAt = 0;
  let closed = false;

  const draw = () => (frame.length > 0 ? `${frame.join('\n')}\n` : '');
  const restoreCursor = () => stream.write(CURSOR_SHOW);
  if (live) {
    stream.write(CURSOR_HIDE);
    // A Ctrl-C or a crash must not leave the user's terminal without a cursor.
    process.once('exit', restoreCursor);
  }

  return {
    live,
    log(line) {
      if (!live) {
        stream.write(`${line}\n`);
        return;
      }
      stream.write(`${erase(frame.length)}${line}\n${draw()}`);
    },
    render(next, summary) {
      if (closed) return;
      if (!live) {
        const now = Date.now();
        if (now - lastPlainAt < plainIntervalMs) return;
        lastPlainAt = now;
        stream.write(`${summary}\n`);
        return;
      }
      const previous = frame.length;
      frame = next;
      stream.write(erase(previous) + draw());
    },
    close() {
      if (closed) return;
      closed = true;
      if (live) {
        stream.write(erase(frame.length));
        frame = [];
        restoreCursor();
        process.off('exit', restoreCursor);
      }
    },
  };
}
