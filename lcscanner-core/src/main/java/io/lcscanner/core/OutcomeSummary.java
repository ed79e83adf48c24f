package io.lcscanner.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a scan's setups played out: the forward outcomes of its hits summarised overall, per pattern and per
 * tier (when the scanner has a tier column). From {@link ScanResult#summary()} when the request asked for
 * outcomes.
 *
 * @param overall   every hit
 * @param byPattern per pattern, in the scanner's order: the hits where it holds (a hit may count in several)
 * @param byTier    per tier label, in the scanner's order (empty when the scanner has no tier)
 */
public record OutcomeSummary(Group overall, Map<String, Group> byPattern, Map<String, Group> byTier) {

    /**
     * Copies the maps, keeping their order.
     *
     * @param overall   every hit
     * @param byPattern per pattern
     * @param byTier    per tier label
     */
    public OutcomeSummary {
        byPattern = Collections.unmodifiableMap(new LinkedHashMap<>(byPattern));
        byTier = Collections.unmodifiableMap(new LinkedHashMap<>(byTier));
    }

    /**
     * One group of hits. A mean or median over no values is {@code null}.
     *
     * @param hits                       hits in the group
     * @param hitsWithNextDay            hits whose next session exists
     * @param meanNextDayReturn          mean of {@code next_day_return}
     * @param medianNextDayReturn        median of {@code next_day_return}
     * @param shareNextDayReturnNegative share of {@code next_day_return < 0} among the hits that have one
     * @param meanNextOpenGap            mean of {@code next_open_gap}
     * @param meanRet5d                  mean of {@code ret_5d}
     * @param meanMaxHigh5d              mean of {@code max_high_5d}
     * @param meanMinLow5d               mean of {@code min_low_5d}
     */
    public record Group(int hits, int hitsWithNextDay, Double meanNextDayReturn, Double medianNextDayReturn,
                        Double shareNextDayReturnNegative, Double meanNextOpenGap, Double meanRet5d,
                        Double meanMaxHigh5d, Double meanMinLow5d) {

        static Group of(List<Hit> hits) {
            double[] nextDay = present(hits, "next_day_return");
            int negative = 0;
            for (double x : nextDay) {
                negative += x < 0 ? 1 : 0;
            }
            return new Group(hits.size(), nextDay.length, mean(nextDay), median(nextDay),
                    nextDay.length == 0 ? null : (double) negative / nextDay.length,
                    mean(present(hits, "next_open_gap")), mean(present(hits, "ret_5d")),
                    mean(present(hits, "max_high_5d")), mean(present(hits, "min_low_5d")));
        }
    }

    /** The summary of {@code hits} under {@code schema}, which must carry the outcomes. */
    static OutcomeSummary of(HitSchema schema, List<Hit> hits) {
        Map<String, Group> byPattern = new LinkedHashMap<>();
        for (String pattern : schema.patterns()) {
            byPattern.put(pattern, Group.of(hits.stream().filter(h -> h.flag(pattern)).toList()));
        }
        Map<String, Group> byTier = new LinkedHashMap<>();
        schema.tier().ifPresent(tier -> {
            for (String label : tier.labels()) {
                byTier.put(label, Group.of(hits.stream().filter(h -> label.equals(h.get(tier.name()))).toList()));
            }
        });
        return new OutcomeSummary(Group.of(hits), byPattern, byTier);
    }

    /** The non-missing values of a field, in hit order. */
    private static double[] present(List<Hit> hits, String field) {
        List<Double> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            double x = h.value(field);
            if (!Double.isNaN(x)) {
                out.add(x);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Left-to-right sum over the count; {@code null} for no values. */
    private static Double mean(double[] xs) {
        if (xs.length == 0) {
            return null;
        }
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** The middle value, or the mean of the two middle ones; {@code null} for no values. */
    private static Double median(double[] xs) {
        if (xs.length == 0) {
            return null;
        }
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
