package io.lcscanner.server.cli;

import java.io.IOException;
import java.util.List;

/** Rows of text as aligned columns for a terminal: two spaces between columns, text left, numbers right. */
final class TextTable {
    private TextTable() {
    }

    /**
     * @param rows the header first; every row as long as {@code left}
     * @param left per column: aligned left (text) or right (numbers)
     */
    static void write(List<String[]> rows, boolean[] left, Appendable out) throws IOException {
        int n = left.length;
        int[] width = new int[n];
        for (String[] row : rows) {
            for (int c = 0; c < n; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < n; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? "" : "  ").append(left[c] ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
