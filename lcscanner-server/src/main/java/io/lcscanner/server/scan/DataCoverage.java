package io.lcscanner.server.scan;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a request against what the data holds before any bar is loaded, so a scan that cannot mean anything
 * says so instead of finding 0 hits: a window without a session of the data, or include tickers the data does
 * not have. The command line and the API word the fields their own way ({@code --from/--to},
 * {@code start_date/end_date}); the reasons are the same text.
 */
public final class DataCoverage {
    private DataCoverage() {
    }

    /** The request cannot find anything in this data; {@link #field()} is the part of the request at fault. */
    public static final class NothingToScanException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Field field;

        NothingToScanException(Field field, String message) {
            super(message);
            this.field = field;
        }

        public Field field() {
            return field;
        }
    }

    /** What a problem is about. */
    public enum Field { WINDOW, INCLUDE }

    /**
     * @param data       the source's universe; {@code null} when asking costs requests (Polygon), and only the NYSE
     *                   calendar is checked
     * @param kind       the source's kind for messages ({@code csv}, {@code synthetic}, {@code polygon}): never a path
     * @param fixedStart whether the data has nothing before its first session (a file, the synthetic market); a
     *                   Polygon universe's first session is only where its cache starts, so it bounds nothing, and
     *                   its tickers are the last session's (an include ticker may have traded earlier)
     * @param include    how the include list is called in warnings ({@code --include}, {@code include_tickers})
     * @return warnings that do not stop the scan (include tickers the data does not have)
     * @throws NothingToScanException when the window holds no session of the data, or no include ticker is known
     */
    public static List<String> check(BarSource.Universe data, String kind, boolean fixedStart, ScanRequest request,
                                     String include) {
        LocalDate from = request.from(), to = request.to();
        if (data == null) {
            if (NyseCalendar.sessions(from, to).isEmpty()) {
                throw new NothingToScanException(Field.WINDOW, "no NYSE sessions in " + from + ".." + to);
            }
            return List.of();
        }
        LocalDate first = fixedStart ? data.firstSession() : null, last = data.lastSession();
        LocalDate lo = first != null && first.isAfter(from) ? first : from;
        LocalDate hi = last != null && last.isBefore(to) ? last : to;
        if (last == null || hi.isBefore(lo) || NyseCalendar.sessions(lo, hi).isEmpty()) {
            String covers = last == null ? "the data has no sessions"
                    : "the data covers " + (first == null ? "sessions" : first + "..") + (first == null ? " through " : "")
                    + last;
            throw new NothingToScanException(Field.WINDOW, "no sessions of " + kind + " data in " + from + ".." + to
                    + " (" + covers + ")");
        }
        List<String> warnings = new ArrayList<>();
        if (fixedStart && !request.includeTickers().isEmpty()) {
            Set<String> known = new HashSet<>(data.tickers());
            Set<String> unknown = new TreeSet<>();
            for (String t : request.includeTickers()) {
                if (!known.contains(t)) {
                    unknown.add(t);
                }
            }
            if (unknown.size() == request.includeTickers().size()) {
                throw new NothingToScanException(Field.INCLUDE, "none of the tickers is in the " + kind + " data: "
                        + shortList(unknown));
            }
            if (!unknown.isEmpty()) {
                warnings.add(include + ": " + count(unknown.size(), "ticker") + " not in the " + kind
                        + " data, left out: " + shortList(unknown));
            }
        }
        return warnings;
    }

    /** {@code 1 ticker}, {@code 1,204 tickers}: the same on every host (a result's words, not the host's locale). */
    static String count(int n, String noun) {
        return String.format(java.util.Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String shortList(Set<String> tickers) {
        List<String> shown = new ArrayList<>(tickers).subList(0, Math.min(10, tickers.size()));
        return String.join(", ", shown) + (tickers.size() > shown.size() ? " and " + (tickers.size() - shown.size())
                + " more" : "");
    }
}
