package io.lcscanner.server;

import io.lcscanner.core.Hit;
import io.lcscanner.core.HitFormat;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Hits as an aligned text table for a terminal: the columns a trader reads first. */
final class HitTable {
    private static final List<String> COLUMNS = List.of("ticker", "date", "lc_frontside_d3_extended_1",
            "lc_frontside_d2_extended", "lc_frontside_d2_extended_1", "parabolic_score", "parabolic_tier",
            "close_price", "gap_pct", "volume", "dollar_volume", "atr", "high_chg_atr", "dist_h_9ema_atr",
            "dist_h_20ema_atr", "valid_pm_liq", "avg_5d_pm_dol_vol");
    private static final List<String> HEADERS = List.of("ticker", "date", "d3x1", "d2x", "d2x1", "score", "tier",
            "close", "gap%", "volume", "dollar_vol", "atr", "hi_chg_atr", "h-ema9/atr", "h-ema20/atr", "pm_liq",
            "avg5d_pm_$vol");

    private HitTable() {
    }

    static void write(List<Hit> hits, boolean premarket, Writer w) throws IOException {
        List<String> all = HitFormat.columns(premarket);
        int shown = premarket ? COLUMNS.size() : COLUMNS.size() - 2;
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS.subList(0, shown).toArray(String[]::new));
        for (Hit h : hits) {
            List<Object> values = HitFormat.values(h, premarket);
            String[] row = new String[shown];
            for (int c = 0; c < shown; c++) {
                Object v = values.get(all.indexOf(COLUMNS.get(c)));
                row[c] = cell(COLUMNS.get(c), v);
            }
            rows.add(row);
        }
        int[] width = new int[shown];
        for (String[] row : rows) {
            for (int c = 0; c < shown; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < shown; c++) {
                boolean left = c < 2 || c == 6;
                String cell = row[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
            }
            w.write(line.toString().stripTrailing());
            w.write('\n');
        }
        w.write(hits.size() + (hits.size() == 1 ? " hit\n" : " hits\n"));
    }

    private static String cell(String column, Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return switch (column) {
                case "volume", "dollar_volume", "avg_5d_pm_dol_vol" -> String.format("%,.0f", d);
                case "gap_pct" -> String.format("%.1f%%", d * 100);
                case "parabolic_score" -> String.format("%.1f", d);
                default -> String.format("%.2f", d);
            };
        }
        return v.toString();
    }
}
