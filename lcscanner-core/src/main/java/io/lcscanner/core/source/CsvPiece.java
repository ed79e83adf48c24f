package io.lcscanner.core.source;

/**
 * What parsing one chunk of a bars CSV produced, immutable once made: each ticker's rows (a {@link Segment}), the line
 * breaks it covered, and at most one of a problem or a record left open at its end. Lines are counted from the chunk's
 * first line (0); {@link CsvReader} makes them absolute.
 *
 * @param tickers  the chunk's tickers, by local id
 * @param segments per local id its rows, or null when none was kept (its only rows were left out or re-parsed)
 * @param rows     rows kept
 * @param newlines line breaks in the bytes parsed (those inside quoted fields too), excluding an open last record
 * @param open     the record a quoted field ran past the chunk's end in, or null
 * @param problem  the first problem, or null
 * @param skipped  rows left out for their date, or null
 */
record CsvPiece(String[] tickers, Segment[] segments, int rows, int newlines, Open open, Problem problem, Skipped skipped) {

    /** The record at byte {@code at} of the chunk, starting on {@code line}, is open in field {@code field}. */
    record Open(int at, int line, int field) {
    }

    /** The first problem (without file and line) and its line. */
    record Problem(int line, String message) {
    }

    /** Rows dated on a day without an NYSE session, left out: how many, the first one's line and day. */
    record Skipped(int count, int firstLine, int firstDay) {
    }

    /**
     * One ticker's rows of a chunk, in file order. Either its own right-sized columns ({@link #columns}, five adjusted
     * and, when they differ, five as-traded), which a ticker wholly inside one chunk keeps as its series without a
     * copy; or a range of a block the chunk shares among many short segments ({@code block}, column k of the chunk's
     * row r at {@code block[k × blockRows + r]}), for files whose chunks hold a few rows of many tickers.
     */
    static final class Segment {
        final int n;
        /** Days at {@code days[daysFrom …]}; lines (chunk-local) at {@code lines[linesFrom …]}. */
        final int[] days;
        final int daysFrom;
        final int[] lines;
        final int linesFrom;
        final double[][] columns;
        final double[] block;
        final int blockRows;
        /** Whether the dates strictly increase; whether the as-traded values differ from the adjusted. */
        final boolean sorted, ownAsTraded;

        Segment(int n, int[] days, int daysFrom, int[] lines, int linesFrom, double[][] columns, double[] block,
                int blockRows, boolean sorted, boolean ownAsTraded) {
            this.n = n;
            this.days = days;
            this.daysFrom = daysFrom;
            this.lines = lines;
            this.linesFrom = linesFrom;
            this.columns = columns;
            this.block = block;
            this.blockRows = blockRows;
            this.sorted = sorted;
            this.ownAsTraded = ownAsTraded;
        }

        int firstDay() {
            return days[daysFrom];
        }

        int lastDay() {
            return days[daysFrom + n - 1];
        }

        /** Whether its arrays can be a series' own: right-sized columns and days. */
        boolean adoptable() {
            return columns != null && daysFrom == 0 && days.length == n;
        }

        /** Copies value column k (0…9; as-traded ones are the adjusted when not its own) to {@code dst[at …]}. */
        void copyColumn(int k, double[] dst, int at) {
            int c = k >= 5 && !ownAsTraded ? k - 5 : k;
            if (columns != null) {
                System.arraycopy(columns[c], 0, dst, at, n);
            } else {
                System.arraycopy(block, c * blockRows + daysFrom, dst, at, n);
            }
        }
    }
}
