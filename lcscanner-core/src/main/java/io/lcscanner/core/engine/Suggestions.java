package io.lcscanner.core.engine;

import java.util.Collection;
import java.util.Map;

/**
 * "Did you mean": the near name for a typo ({@code pcd} → {@code pdc}), the language's word for another
 * language's function ({@code avg} → {@code sma}) or operator ({@code &} → {@code and}). Each returns the
 * text to append to a problem's message, or an empty string when nothing is near enough to be a good guess.
 */
final class Suggestions {
    /** Other tools' names for the language's functions; used only when the function exists. */
    private static final Map<String, String> FUNCTION_ALIASES = Map.ofEntries(
            Map.entry("avg", "sma"), Map.entry("mean", "sma"), Map.entry("average", "sma"), Map.entry("ma", "sma"),
            Map.entry("rolling_mean", "sma"), Map.entry("ewm", "ema"), Map.entry("ewma", "ema"),
            Map.entry("lag", "shift"), Map.entry("prev", "shift"), Map.entry("ref", "shift"),
            Map.entry("hhv", "highest"), Map.entry("rolling_max", "highest"), Map.entry("llv", "lowest"),
            Map.entry("rolling_min", "lowest"), Map.entry("iif", "if"), Map.entry("where", "if"),
            Map.entry("ifelse", "if"), Map.entry("std", "stdev"), Map.entry("stddev", "stdev"));

    private Suggestions() {
    }

    /** For an unknown name: the nearest of {@code known} (one edit for short names, two for longer ones). */
    static String name(String unknown, Collection<String> known) {
        String best = nearest(unknown, known);
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    /** For an unknown function: its alias, else the nearest of {@code functions}. */
    static String function(String unknown, Collection<String> functions) {
        String alias = FUNCTION_ALIASES.get(unknown);
        if (alias != null && functions.contains(alias)) {
            return " (did you mean \"" + alias + "\"?)";
        }
        return name(unknown, functions);
    }

    /** For a character the language does not have: its own word for it. */
    static String operator(char ch) {
        return switch (ch) {
            case '&' -> " (did you mean \"and\"?)";
            case '|' -> " (did you mean \"or\"?)";
            case '~' -> " (did you mean \"not\"?)";
            case '%' -> " (a percentage is a fraction here: 5% is 0.05)";
            default -> "";
        };
    }

    private static String nearest(String unknown, Collection<String> known) {
        int limit = unknown.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(unknown, k);
            if (d <= limit && d < bestDistance && !k.equals(unknown)) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edits between two names: insertions, deletions, substitutions and swaps of neighbours (pcd → pdc is one). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
