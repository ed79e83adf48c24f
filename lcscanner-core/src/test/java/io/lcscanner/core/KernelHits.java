package io.lcscanner.core;

import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a {@link ScanKernel} over series the way a scan does (each series cut to its loaded window) and
 * prints the hits as the output record of scanner-rules.md §2: {@code ticker,date}, the flags, the
 * columns, numbers as Python prints them, missing as an empty cell.
 */
final class KernelHits {
    record Row(String ticker, int day, double[] values) {
    }

    private KernelHits() {
    }

    static List<Row> rows(ScanKernel.Evaluator evaluator, List<BarSeries> series, LocalDate from, LocalDate to,
                          int lookbackDays) {
        int load = (int) from.minusDays(lookbackDays).toEpochDay();
        int fromDay = (int) from.toEpochDay(), toDay = (int) to.toEpochDay();
        List<Row> rows = new ArrayList<>();
        for (BarSeries s : series) {
            evaluator.scan(s.slice(load, toDay), fromDay, toDay, (ticker, day, row) -> rows.add(new Row(ticker, day, row)));
        }
        rows.sort(Comparator.comparingInt(Row::day).thenComparing(Row::ticker));
        return rows;
    }

    static List<Row> rows(ScanKernel kernel, List<BarSeries> series, LocalDate from, LocalDate to, int lookbackDays) {
        return rows(kernel.newEvaluator(), series, from, to, lookbackDays);
    }

    static List<String> csv(ScanKernel kernel, List<Row> rows) {
        List<OutputColumn> columns = kernel.columns();
        List<String> out = new ArrayList<>();
        StringBuilder header = new StringBuilder("ticker,date");
        for (OutputColumn c : columns) {
            header.append(',').append(c.name());
        }
        out.add(header.toString());
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(r.ticker()).append(',').append(LocalDate.ofEpochDay(r.day()));
            for (int i = 0; i < columns.size(); i++) {
                line.append(',').append(cell(columns.get(i), r.values()[i]));
            }
            out.add(line.toString());
        }
        return out;
    }

    static String cell(OutputColumn c, double v) {
        return switch (c.kind()) {
            case FLAG -> v == 1 ? "1" : v == 0 ? "0" : "?" + v;
            case TEXT -> c.labels().get((int) v);
            case NUMBER -> Double.isNaN(v) ? "" : HitFormat.number(v);
        };
    }
}
