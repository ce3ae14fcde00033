// Generated tables live between markers in a hand-written Markdown file:
//   <!-- bench:overhead:start -->
//   …replaced on every run that has numbers for it…
//   <!-- bench:overhead:end -->
// Everything outside the markers, and the markers themselves, stay as written.

const START = /<!-- bench:([a-z0-9-]+):start -->/g;

export const startMarker = (id: string): string => `<!-- bench:${id}:start -->`;
export const endMarker = (id: string): string => `<!-- bench:${id}:end -->`;

/** A marked region is missing, duplicated, unknown or malformed. */
export class RegionMarkerError extends Error {
  override name = 'RegionMarkerError';
}

/** The ids of every region that has a start marker, in document order. */
export function regionIds(markdown: string): string[] {
  return [...markdown.matchAll(START)].map((match) => match[1]!);
}

/**
 * Replaces what lies between the markers of each region in `regions` (id → Markdown) and
 * returns the new document. Checks everything before changing anything: throws a
 * {@link RegionMarkerError} naming the region when a region to fill has no start or end
 * marker, has either twice, or has its end before its start, and, when `known` is given,
 * when the document marks a region that is not in `known` (a typo would never be filled).
 * Does not touch regions it is not given: their old content stays.
 */
export function fillRegions(
  markdown: string,
  regions: Record<string, string>,
  known?: readonly string[],
): string {
  const problems: string[] = [];
  if (known) {
    const unknown = regionIds(markdown).filter((id) => !known.includes(id));
    if (unknown.length) {
      problems.push(`unknown region(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
    }
  }
  for (const id of Object.keys(regions)) {
    const [start, end] = [startMarker(id), endMarker(id)];
    const at = markdown.indexOf(start);
    const endAt = markdown.indexOf(end);
    if (at < 0) problems.push(`no ${start}`);
    if (endAt < 0) problems.push(`no ${end}`);
    if (at >= 0 && markdown.indexOf(start, at + 1) >= 0) problems.push(`${start} twice`);
    if (endAt >= 0 && markdown.indexOf(end, endAt + 1) >= 0) problems.push(`${end} twice`);
    if (at >= 0 && endAt >= 0 && endAt < at) problems.push(`${end} before ${start}`);
  }
  if (problems.length) {
    throw new RegionMarkerError(`cannot fill the report's tables: ${problems.join('; ')}`);
  }
  let out = markdown;
  for (const [id, content] of Object.entries(regions)) {
    const start = startMarker(id);
    const from = out.indexOf(start) + start.length;
    const to = out.indexOf(endMarker(id));
    out = `${out.slice(0, from)}\n\n${content.trim()}\n\n${out.slice(to)}`;
  }
  return out;
}
