package io.lcscanner.server.cli;

import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanProgress;
import java.io.PrintStream;

/**
 * Scan progress on stderr: a redrawn bar on a terminal, otherwise a plain line at each phase change
 * and every 10 percent (logs stay short).
 */
final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private ScanProgress.Phase phase;
    private int lastDecile = -1;
    private boolean barShown;

    ConsoleProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onProgress(ScanProgress p) {
        if (terminal) {
            int filled = (int) Math.round(p.percent() / 100 * WIDTH);
            String ticker = p.currentTicker() == null ? "" : " " + p.currentTicker();
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format("%5.1f%% %-60.60s", p.percent(), p.message() + ticker));
            err.flush();
            barShown = true;
            return;
        }
        int decile = (int) (p.percent() / 10);
        if (p.phase() != phase || decile > lastDecile) {
            phase = p.phase();
            lastDecile = decile;
            err.println(String.format("[%5.1f%%] %s", p.percent(), p.message()));
        }
    }

    /** Ends the bar's line so the summary starts on a fresh one. */
    void finish() {
        if (barShown) {
            err.println();
            barShown = false;
        }
    }
}
