package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a warm cache from serving adjusted prices that a split has made stale. Adjusted prices change when a
 * ticker splits, and each cached session records the New York date its adjusted prices were fetched
 * ({@code asOf}). A load that used cached sessions asks {@code /v3/reference/splits} for the splits executed since
 * the oldest {@code asOf}; a ticker with a split on day E that has a cached bar before E fetched on or before E
 * gets its adjusted history fetched again (one custom-bars request set) and kept as an {@link AdjustedOverride}
 * with its own {@code asOf}. Adjusted prices are not derived from as-traded ones: Polygon's adjusted numbers are
 * rounded, and the derivation does not reproduce them exactly.
 */
final class SplitCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SplitCheck.class);
    /** The {@code asOf} of a session fetched by this load: no split can have made it stale. */
    static final int FRESH = Integer.MAX_VALUE;

    private final PolygonClient client;
    private final CacheLayout cache;
    private final Inflight inflight;
    private final LocalDate today;
    private CompletableFuture<List<Split>> early;
    private LocalDate earlySince;

    SplitCheck(PolygonClient client, CacheLayout cache, Inflight inflight, LocalDate today) {
        this.client = client;
        this.cache = cache;
        this.inflight = inflight;
        this.today = today;
    }

    /** Starts asking for the splits since {@code asOf} (the first cached session's), so the answer overlaps the load. */
    void start(LocalDate asOf) {
        if (early == null) {
            earlySince = asOf;
            early = inflight.run(client, () -> Split.fetch(client, asOf, today));
        }
    }

    /**
     * Refreshes the adjusted history of every ticker whose cached bars predate one of its splits, or takes it from
     * a still-valid override file; a ticker that cannot be refreshed is left out, with a warning.
     *
     * @param asOfBySlot the epoch day each slot's adjusted prices were fetched, {@link #FRESH} for fetched ones
     * @param oldestAsOf the smallest of them
     */
    void refresh(ColumnStore store, int[] asOfBySlot, int oldestAsOf, List<String> warnings)
            throws IOException, InterruptedException {
        if (early == null) {
            return;
        }
        List<Split> splits = new ArrayList<>(inflight.await(early));
        if (oldestAsOf < earlySince.toEpochDay()) { // an older cached session came later: ask for the gap too
            LocalDate since = LocalDate.ofEpochDay(oldestAsOf), until = earlySince.minusDays(1);
            splits.addAll(inflight.await(inflight.run(client, () -> Split.fetch(client, since, until))));
        }
        Map<Ticker, Integer> staleUntil = new LinkedHashMap<>();
        for (Split sp : splits) {
            if (sp.executionDate().isAfter(today)) {
                continue; // announced, not executed: adjusted data does not reflect it yet anywhere
            }
            Ticker t = store.find(sp.ticker());
            if (t == null) {
                continue;
            }
            int e = (int) sp.executionDate().toEpochDay();
            for (int slot = 0; slot < store.sessions() && store.day(slot) < e; slot++) {
                if (store.has(t, slot) && asOfBySlot[slot] <= e) {
                    staleUntil.merge(t, e, Math::max);
                    break;
                }
            }
        }
        List<Map.Entry<Ticker, Integer>> stale = new ArrayList<>(staleUntil.entrySet());
        List<CompletableFuture<AdjustedOverride>> refreshed = new ArrayList<>();
        for (Map.Entry<Ticker, Integer> s : stale) {
            Ticker t = s.getKey();
            int splitDay = s.getValue(), from = -1, to = -1;
            for (int slot = 0; slot < store.sessions() && store.day(slot) < splitDay; slot++) {
                if (store.has(t, slot)) {
                    from = from < 0 ? store.day(slot) : from;
                    to = store.day(slot);
                }
            }
            int fromDay = from, toDay = to;
            refreshed.add(inflight.run(client, () -> override(t.name, fromDay, toDay, splitDay)));
        }
        for (int k = 0; k < stale.size(); k++) {
            Ticker t = stale.get(k).getKey();
            try {
                store.apply(t, inflight.await(refreshed.get(k)));
            } catch (IOException e) {
                store.drop(t);
                warnings.add(t.name + " left out: its adjusted history could not be refreshed after a split on "
                        + LocalDate.ofEpochDay(stale.get(k).getValue()) + " (" + e.getMessage() + ")");
            }
        }
        if (!stale.isEmpty()) {
            LOG.info("refreshed the adjusted history of {} tickers split since they were cached", stale.size());
        }
    }

    /** The adjusted daily bars of {@code ticker} over {@code [from, to]} reflecting splits through {@code splitDay}. */
    private AdjustedOverride override(String ticker, int from, int to, int splitDay) throws IOException, InterruptedException {
        Path file = cache == null ? null : cache.adjustedOverride(ticker);
        if (file != null) {
            try {
                AdjustedOverride o = AdjustedOverride.read(file);
                if (o != null && o.asOf().toEpochDay() > splitDay && o.fromDay() <= from && o.toDay() >= to) {
                    return o;
                }
            } catch (CacheFile.Corrupt e) {
                LOG.warn("{}; fetching it again", e.getMessage());
            }
        }
        CustomBars rows = CustomBars.fetch(client, ticker, 1, "day", LocalDate.ofEpochDay(from), LocalDate.ofEpochDay(to), true);
        int[] days = new int[rows.size];
        for (int i = 0; i < rows.size; i++) {
            days[i] = (int) Instant.ofEpochMilli(rows.start[i]).atZone(NyseCalendar.NEW_YORK).toLocalDate().toEpochDay();
        }
        double[][] columns = {Arrays.copyOf(rows.open, rows.size), Arrays.copyOf(rows.high, rows.size),
                Arrays.copyOf(rows.low, rows.size), Arrays.copyOf(rows.close, rows.size), Arrays.copyOf(rows.volume, rows.size)};
        AdjustedOverride o = new AdjustedOverride(today, from, to, days, columns);
        if (file != null) {
            o.write(file);
        }
        return o;
    }
}
