package io.lcscanner.server.cli;

import io.lcscanner.core.Hit;
import io.lcscanner.core.HitSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hits as an aligned text table for a terminal, derived from their schema and fitted to its width: the key and
 * every pattern's flag always, then the most telling columns that fit (the scanner's first values, the next day's
 * return, then the rest), leaving out the detail a trader looks up later (the bar's prices, EMA levels, next-day
 * premarket prices). What was left out is named under the table; CSV and JSON carry everything.
 */
final class HitTable {
    private static final Set<String> DETAIL = Set.of("open_price", "high_price", "low_price", "close_ua", "ema9",
            "ema20", "ema50", "ema200", "close_range", "pmh_next_day", "open_next_day", "pm_dol_vol_next_day");
    /** Outcomes a trader reads first; the others follow the scanner's values. */
    private static final List<String> FIRST_OUTCOMES = List.of("next_day_return", "ret_5d");
    /** How many of the scanner's value columns come before those outcomes (LC: score and tier). */
    private static final int LEADING_VALUES = 2;
    /** Shorter headers for LC's long names. */
    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("lc_frontside_d3_extended_1", "d3x1"), Map.entry("lc_frontside_d2_extended", "d2x"),
            Map.entry("lc_frontside_d2_extended_1", "d2x1"), Map.entry("parabolic_score", "score"),
            Map.entry("parabolic_tier", "tier"), Map.entry("close_price", "close"), Map.entry("gap_pct", "gap%"),
            Map.entry("dollar_volume", "dollar_vol"), Map.entry("high_chg_atr", "hi_chg_atr"),
            Map.entry("dist_h_9ema_atr", "h-ema9/atr"), Map.entry("dist_h_20ema_atr", "h-ema20/atr"),
            Map.entry("valid_pm_liq", "pm_liq"), Map.entry("avg_5d_pm_dol_vol", "avg5d_pm_$vol"),
            Map.entry("next_day_return", "next_day"));

    private HitTable() {
    }

    /**
     * @param width   the terminal's columns ({@link Integer#MAX_VALUE}: no limit)
     * @param columns the columns asked for with {@code --columns} (after ticker and date), or empty: fit the width
     */
    static void write(HitSchema schema, List<Hit> hits, Writer w, int width, List<String> columns) throws IOException {
        List<HitSchema.Column> candidates = new ArrayList<>();
        for (HitSchema.Column c : schema.columns()) {
            boolean key = c.group() == HitSchema.Group.KEY;
            if (columns.isEmpty() ? !DETAIL.contains(c.name()) : key || columns.contains(c.name())) {
                candidates.add(c);
            }
        }
        List<String[]> cells = new ArrayList<>(); // per candidate: header, then a cell per hit
        int[] widths = new int[candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            HitSchema.Column col = candidates.get(c);
            String[] column = new String[hits.size() + 1];
            column[0] = HEADERS.getOrDefault(col.name(), col.name());
            for (int r = 0; r < hits.size(); r++) {
                column[r + 1] = cell(col, hits.get(r).get(col.name()));
            }
            for (String s : column) {
                widths[c] = Math.max(widths[c], s.length());
            }
            cells.add(column);
        }
        boolean[] shown = new boolean[candidates.size()];
        int used = 0;
        for (int c : priority(candidates, columns)) {
            int need = widths[c] + (used == 0 ? 0 : 2);
            boolean required = candidates.get(c).group() == HitSchema.Group.KEY
                    || candidates.get(c).group() == HitSchema.Group.PATTERN || !columns.isEmpty();
            if (required || used + need <= width) {
                shown[c] = true;
                used += need;
            }
        }
        List<Integer> order = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            if (shown[c]) {
                order.add(c);
            } else {
                leftOut.add(candidates.get(c).name());
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r <= hits.size(); r++) {
            String[] row = new String[order.size()];
            for (int i = 0; i < order.size(); i++) {
                row[i] = cells.get(order.get(i))[r];
            }
            rows.add(row);
        }
        boolean[] left = new boolean[order.size()];
        for (int i = 0; i < order.size(); i++) {
            HitSchema.Kind kind = candidates.get(order.get(i)).kind();
            left[i] = kind == HitSchema.Kind.TEXT || kind == HitSchema.Kind.DATE;
        }
        TextTable.write(rows, left, w);
        w.write(ScanCommand.count(hits.size(), "hit") + '\n');
        if (!leftOut.isEmpty()) {
            w.write(wrap("Left out for the terminal's width: " + String.join(", ", leftOut) + ". All columns: --format csv; "
                    + "choose them: --columns a,b,c", width));
        }
    }

    /** Words in lines of at most {@code width} characters (a longer word gets a line of its own). */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(), line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        return out.append(line).append('\n').toString();
    }

    /** The candidates' indexes, most telling first. */
    private static List<Integer> priority(List<HitSchema.Column> candidates, List<String> asked) {
        Set<Integer> out = new LinkedHashSet<>();
        if (!asked.isEmpty()) {
            for (int c = 0; c < candidates.size(); c++) {
                out.add(c);
            }
            return new ArrayList<>(out);
        }
        int values = 0;
        for (int c = 0; c < candidates.size(); c++) {
            HitSchema.Group g = candidates.get(c).group();
            if (g == HitSchema.Group.KEY || g == HitSchema.Group.PATTERN
                    || (g == HitSchema.Group.VALUE && values++ < LEADING_VALUES)) {
                out.add(c);
            }
        }
        for (String name : FIRST_OUTCOMES) {
            for (int c = 0; c < candidates.size(); c++) {
                if (candidates.get(c).name().equals(name)) {
                    out.add(c);
                }
            }
        }
        for (HitSchema.Group g : List.of(HitSchema.Group.VALUE, HitSchema.Group.OUTCOME, HitSchema.Group.PREMARKET)) {
            for (int c = 0; c < candidates.size(); c++) {
                if (candidates.get(c).group() == g) {
                    out.add(c);
                }
            }
        }
        for (int c = 0; c < candidates.size(); c++) {
            out.add(c);
        }
        return new ArrayList<>(out);
    }

    private static String cell(HitSchema.Column c, Object v) {
        String column = c.name();
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d && c.group() == HitSchema.Group.OUTCOME) {
            return OutcomeTable.percent(d);
        }
        if (v instanceof Double d) {
            if (column.contains("volume") || column.contains("dol_vol")) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            if (column.endsWith("_pct")) {
                return OutcomeTable.noNegativeZero(String.format(Locale.ROOT, "%.1f%%", d * 100));
            }
            return OutcomeTable.noNegativeZero(String.format(Locale.ROOT, column.contains("score") ? "%,.1f" : "%,.2f", d));
        }
        return v.toString();
    }
}
