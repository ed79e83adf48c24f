package io.lcscanner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lcscanner.core.OutcomeSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scan's {@link OutcomeSummary} as JSON, the same for {@code scan --summary FILE} and
 * {@code GET /api/scan/results/{scan_id}/summary}: snake_case, each mean named after the outcome field it
 * averages ({@code mean_ret_5d} for {@code ret_5d}), {@code null} where a group has no value to average.
 */
public final class OutcomeSummaryJson {
    private OutcomeSummaryJson() {
    }

    /** Overall, per pattern (the scanner's order), per tier (best first; empty without a tier column). */
    public record Summary(Group overall, Map<String, Group> byPattern, Map<String, Group> byTier) {
    }

    /** One group of hits; see {@link OutcomeSummary.Group}. */
    public record Group(int hits, int hitsWithNextDay, Double meanNextDayReturn, Double medianNextDayReturn,
                        Double shareNextDayReturnNegative, Double meanNextOpenGap,
                        @JsonProperty("mean_ret_5d") Double meanRet5d,
                        @JsonProperty("mean_max_high_5d") Double meanMaxHigh5d,
                        @JsonProperty("mean_min_low_5d") Double meanMinLow5d) {
        static Group of(OutcomeSummary.Group g) {
            return new Group(g.hits(), g.hitsWithNextDay(), g.meanNextDayReturn(), g.medianNextDayReturn(),
                    g.shareNextDayReturnNegative(), g.meanNextOpenGap(), g.meanRet5d(), g.meanMaxHigh5d(), g.meanMinLow5d());
        }
    }

    public static Summary of(OutcomeSummary s) {
        return new Summary(Group.of(s.overall()), groups(s.byPattern()), groups(s.byTier()));
    }

    private static Map<String, Group> groups(Map<String, OutcomeSummary.Group> in) {
        Map<String, Group> out = new LinkedHashMap<>();
        in.forEach((name, g) -> out.put(name, Group.of(g)));
        return out;
    }
}
