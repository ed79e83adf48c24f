package io.lcscanner.polygon;

/** One page of a paged answer and the {@code next_url} after it (null on the last page). */
record Page<T>(T value, String nextUrl) {
}
