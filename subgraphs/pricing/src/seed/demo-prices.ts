// Price arithmetic shared by the demo seeds (price lists and promotions), in its own module so
// the two seed files do not import each other.

/** `minor × percent / 100`, rounded half up to whole 10 fen (0.10 CNY), in integer arithmetic. */
export function percentOfRounded(minor: number, percent: number): number {
  return Math.round((minor * percent) / 1000) * 10;
}
