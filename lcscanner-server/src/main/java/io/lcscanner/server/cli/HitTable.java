package io.lcscanner.server.cli;

import io.lcscanner.core.Hit;
import io.lcscanner.core.HitSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hits as an aligned text table for a terminal, derived from their schema: the key, every pattern's
 * flag and the scanner's columns, leaving out the detail a trader looks up later (the bar's prices,
 * EMA levels, next-day premarket prices); CSV and JSON carry everything.
 */
final class HitTable {
    private static final Set<String> DETAIL = Set.of("open_price", "high_price", "low_price", "close_ua", "ema9",
            "ema20", "ema50", "ema200", "close_range", "pmh_next_day", "open_next_day", "pm_dol_vol_next_day");
    /** Shorter headers for LC's long names. */
    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("lc_frontside_d3_extended_1", "d3x1"), Map.entry("lc_frontside_d2_extended", "d2x"),
            Map.entry("lc_frontside_d2_extended_1", "d2x1"), Map.entry("parabolic_score", "score"),
            Map.entry("parabolic_tier", "tier"), Map.entry("close_price", "close"), Map.entry("gap_pct", "gap%"),
            Map.entry("dollar_volume", "dollar_vol"), Map.entry("high_chg_atr", "hi_chg_atr"),
            Map.entry("dist_h_9ema_atr", "h-ema9/atr"), Map.entry("dist_h_20ema_atr", "h-ema20/atr"),
            Map.entry("valid_pm_liq", "pm_liq"), Map.entry("avg_5d_pm_dol_vol", "avg5d_pm_$vol"));

    private HitTable() {
    }

    static void write(HitSchema schema, List<Hit> hits, Writer w) throws IOException {
        List<HitSchema.Column> shown = new ArrayList<>();
        for (HitSchema.Column c : schema.columns()) {
            if (!DETAIL.contains(c.name())) {
                shown.add(c);
            }
        }
        int n = shown.size();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int c = 0; c < n; c++) {
            header[c] = HEADERS.getOrDefault(shown.get(c).name(), shown.get(c).name());
        }
        rows.add(header);
        for (Hit h : hits) {
            String[] row = new String[n];
            for (int c = 0; c < n; c++) {
                row[c] = cell(shown.get(c), h.get(shown.get(c).name()));
            }
            rows.add(row);
        }
        boolean[] left = new boolean[n];
        for (int c = 0; c < n; c++) {
            HitSchema.Kind kind = shown.get(c).kind();
            left[c] = kind == HitSchema.Kind.TEXT || kind == HitSchema.Kind.DATE;
        }
        TextTable.write(rows, left, w);
        w.write(hits.size() + (hits.size() == 1 ? " hit\n" : " hits\n"));
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
                return String.format("%,.0f", d);
            }
            if (column.endsWith("_pct")) {
                return String.format("%.1f%%", d * 100);
            }
            return column.contains("score") ? String.format("%.1f", d) : String.format("%.2f", d);
        }
        return v.toString();
    }
}
