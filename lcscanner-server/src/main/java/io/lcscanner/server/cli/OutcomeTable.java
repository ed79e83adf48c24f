package io.lcscanner.server.cli;

import io.lcscanner.core.OutcomeSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A scan's outcome summary as a short aligned table for the terminal: overall, per pattern, per tier. */
final class OutcomeTable {
    private static final String[] HEADER = {"outcomes", "hits", "with D+1", "mean D+1", "median D+1", "D+1 < 0",
            "open gap", "5 days", "max high 5d", "min low 5d"};

    private OutcomeTable() {
    }

    static void write(OutcomeSummary summary, Appendable out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("all", summary.overall()));
        for (Map.Entry<String, OutcomeSummary.Group> e : summary.byPattern().entrySet()) {
            rows.add(row("pattern " + e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, OutcomeSummary.Group> e : summary.byTier().entrySet()) {
            rows.add(row("tier " + e.getKey(), e.getValue()));
        }
        boolean[] left = new boolean[HEADER.length];
        left[0] = true;
        TextTable.write(rows, left, out);
        out.append("D+1: the next session's close / open − 1 (next_day_return); open gap: its open / the hit's close − 1;\n"
                + "5 days: close 5 sessions later / the hit's close − 1; max high, min low: over those 5 sessions. Means over\n"
                + "the hits that have them; \"-\" where none has.\n");
    }

    private static String[] row(String name, OutcomeSummary.Group g) {
        return new String[] {name, String.valueOf(g.hits()), String.valueOf(g.hitsWithNextDay()),
                percent(g.meanNextDayReturn()), percent(g.medianNextDayReturn()),
                g.shareNextDayReturnNegative() == null ? "-" : Math.round(g.shareNextDayReturnNegative() * 100) + " %",
                percent(g.meanNextOpenGap()), percent(g.meanRet5d()), percent(g.meanMaxHigh5d()), percent(g.meanMinLow5d())};
    }

    /** A return as a signed percentage, {@code +1.25 %}; {@code -} when missing; a return that rounds to 0 is {@code 0.00 %}. */
    static String percent(Double x) {
        if (x == null || x.isNaN()) {
            return "-";
        }
        String s = String.format(Locale.ROOT, "%+.2f %%", x * 100);
        return s.equals("+0.00 %") || s.equals("-0.00 %") ? "0.00 %" : s;
    }

    /** {@code -0.0} (a tiny negative number, rounded) written as {@code 0.0}: a sign that means nothing. */
    static String noNegativeZero(String formatted) {
        return formatted.matches("-0(\\.0*)?\\D*") ? formatted.substring(1) : formatted;
    }
}
