/** Median, quartiles, min and max of some numbers (NaN when there are none). */
export interface Spread {
  median: number;
  /** First and third quartiles (linear interpolation between order statistics). */
  q1: number;
  q3: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) {
    const none = Number.NaN;
    return { median: none, q1: none, q3: none, min: none, max: none, n };
  }
  const at = (p: number) => {
    const rank = (n - 1) * p;
    const low = Math.floor(rank);
    const high = Math.min(low + 1, n - 1);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  };
  return { median: at(0.5), q1: at(0.25), q3: at(0.75), min: sorted[0]!, max: sorted[n - 1]!, n };
}
