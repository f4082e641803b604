/**
 * IPv6 addresses in their RFC 5952 text form.
 *
 * @module
 */
import { u16be } from './bytes.js';

/** Formats 16 bytes as an IPv6 address, the longest run of zero groups shortened to `::`. */
export function v6Address(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(u16be(b, at + 2 * i));
  let best = -1;
  let bestLen = 1;
  // Stryker disable next-line EqualityOperator: equivalent; `i <= 8` adds a turn at i === 8, where groups[8] is undefined (not 0): it only steps past the end. (`i >= 8`, disabled with it, never shortens a run; the tests see that.)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; groups[8] is undefined, not 0, so the run ends at 8 without the bound as well. (`false` and `j >= 8`, disabled with them, never advance i: a loop without end on any zero group.)
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
