// A scan's hits for the table, a page at a time: the first MAX_SHOWN at most (a scan may have millions; the
// downloads hold them all), so opening a scan never asks the server for everything.

import {resultsPage} from './api.js';

/** Hits the table holds at most. */
export const MAX_SHOWN = 5000;
const PAGE = 1000;

/**
 * The first hits of a scan in the stored order (date, then ticker), page after page up to MAX_SHOWN:
 * the first page's answer (scanner, columns) with results holding every hit loaded, and truncated when
 * total_found is more.
 */
export async function loadHits(scanId) {
  const first = await resultsPage(scanId, {offset: 0, limit: PAGE});
  const results = [...(first.results || [])];
  let next = first.next_offset;
  while (next != null && results.length < MAX_SHOWN) {
    const page = await resultsPage(scanId, {offset: next, limit: Math.min(PAGE, MAX_SHOWN - results.length)});
    results.push(...(page.results || []));
    next = page.next_offset;
  }
  return {...first, results, truncated: results.length < first.total_found};
}
