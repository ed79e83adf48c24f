package io.lcscanner.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The output record of spec §6 (and §7 when the premarket stage ran) as CSV and JSON: the one place
 * that knows the column names, their order and how values print.
 *
 * <p>Numbers print as Python's {@code repr} does (shortest text that reads back to the same double,
 * {@code 77.0}, {@code 638272843447.47}), so output compares line for line with the reference; a
 * missing value is an empty CSV cell and a JSON {@code null}.
 */
public final class HitFormat {
    /** Spec §6 columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "ticker", "date", Hit.D3_EXTENDED_1, Hit.D2_EXTENDED, Hit.D2_EXTENDED_1,
            "parabolic_score", "parabolic_tier", "gap_pct", "volume", "dollar_volume",
            "open_price", "high_price", "low_price", "close_price", "close_ua",
            "ema9", "ema20", "ema50", "ema200", "atr", "high_chg_atr", "dist_h_9ema_atr", "dist_h_20ema_atr",
            "close_range");
    /** Spec §7 columns, appended after {@link #COLUMNS} when the premarket stage ran. */
    public static final List<String> PREMARKET_COLUMNS = List.of(
            "avg_5d_pm_dol_vol", "valid_pm_liq", "pmh_next_day", "open_next_day", "pm_dol_vol_next_day");

    private HitFormat() {
    }

    /** The columns of an output with or without the premarket fields. */
    public static List<String> columns(boolean premarket) {
        if (!premarket) {
            return COLUMNS;
        }
        List<String> all = new ArrayList<>(COLUMNS);
        all.addAll(PREMARKET_COLUMNS);
        return List.copyOf(all);
    }

    /**
     * The values of one hit in column order: {@code String} for text, {@code Double} for numbers
     * (never NaN: missing is {@code null}), {@code Integer} for 0/1 flags.
     */
    public static List<Object> values(Hit h, boolean premarket) {
        List<Object> v = new ArrayList<>(COLUMNS.size() + PREMARKET_COLUMNS.size());
        v.add(h.ticker());
        v.add(h.date().toString());
        v.add(h.lcFrontsideD3Extended1() ? 1 : 0);
        v.add(h.lcFrontsideD2Extended() ? 1 : 0);
        v.add(h.lcFrontsideD2Extended1() ? 1 : 0);
        v.add(num(h.parabolicScore()));
        v.add(h.parabolicTier());
        for (double x : new double[] {h.gapPct(), h.volume(), h.dollarVolume(), h.openPrice(), h.highPrice(),
                h.lowPrice(), h.closePrice(), h.closeUa(), h.ema9(), h.ema20(), h.ema50(), h.ema200(), h.atr(),
                h.highChgAtr(), h.distH9emaAtr(), h.distH20emaAtr(), h.closeRange()}) {
            v.add(num(x));
        }
        if (premarket) {
            Hit.Premarket pm = h.premarket();
            if (pm == null) {
                for (int i = 0; i < PREMARKET_COLUMNS.size(); i++) {
                    v.add(null);
                }
            } else {
                v.add(num(pm.avg5dPmDolVol()));
                v.add(pm.validPmLiq() ? 1 : 0);
                v.add(num(pm.pmhNextDay()));
                v.add(num(pm.openNextDay()));
                v.add(num(pm.pmDolVolNextDay()));
            }
        }
        return v;
    }

    private static Double num(double x) {
        return Double.isNaN(x) ? null : x;
    }

    /** Writes a header and one row per hit. */
    public static void writeCsv(List<Hit> hits, boolean premarket, Appendable out) {
        try {
            out.append(String.join(",", columns(premarket))).append('\n');
            for (Hit h : hits) {
                List<Object> values = values(h, premarket);
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(text(values.get(i), false));
                }
                out.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a JSON array of objects, one per hit, fields in column order. */
    public static void writeJson(List<Hit> hits, boolean premarket, Appendable out) {
        try {
            List<String> columns = columns(premarket);
            out.append('[');
            for (int k = 0; k < hits.size(); k++) {
                out.append(k == 0 ? "\n  {" : ",\n  {");
                List<Object> values = values(hits.get(k), premarket);
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    out.append('"').append(columns.get(i)).append("\": ").append(text(values.get(i), true));
                }
                out.append('}');
            }
            out.append(hits.isEmpty() ? "]\n" : "\n]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object value, boolean json) {
        if (value == null) {
            return json ? "null" : "";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof String s) {
            return json ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : csvText(s);
        }
        return value.toString();
    }

    private static String csvText(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** A double as Python's {@code repr}: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
    public static String number(double x) {
        return PythonRepr.of(x);
    }
}
