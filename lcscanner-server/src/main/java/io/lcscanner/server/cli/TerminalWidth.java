package io.lcscanner.server.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** How many columns the user's terminal has, for help text and tables that must not wrap. */
final class TerminalWidth {
    /** When output is not a terminal (a pipe, a file) or its size cannot be told. */
    static final int UNKNOWN = 100;

    private TerminalWidth() {
    }

    /**
     * {@code COLUMNS} when the shell exports it, else the terminal's own size ({@code stty size} on
     * {@code /dev/tty}) when {@code terminal}, else {@link #UNKNOWN}.
     */
    static int of(Map<String, String> env, boolean terminal) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // an odd COLUMNS is ignored, as other programs do
            }
        }
        return terminal ? stty() : UNKNOWN;
    }

    private static int stty() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return UNKNOWN;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return UNKNOWN;
            }
            String[] rowsCols = out.split("\\s+");
            int n = rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
            return n > 0 ? n : UNKNOWN;
        } catch (IOException | NumberFormatException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
