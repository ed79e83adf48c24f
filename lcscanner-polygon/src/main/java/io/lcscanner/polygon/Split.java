package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** One row of {@code /v3/reference/splits}: {@code split_to} new shares for {@code split_from} old ones. */
record Split(String ticker, LocalDate executionDate, double splitFrom, double splitTo) {

    /** Splits executed from {@code from} through {@code to}, all pages, fetched on the calling thread. */
    static List<Split> fetch(PolygonClient client, LocalDate from, LocalDate to) throws IOException, InterruptedException {
        List<Split> out = new ArrayList<>();
        for (List<Split> page : client.getPaged("/v3/reference/splits?execution_date.gte=" + from + "&execution_date.lte=" + to
                + "&limit=1000", pageReader())) {
            out.addAll(page);
        }
        return out;
    }

    static BodyReader<Page<List<Split>>> pageReader() {
        return p -> {
            List<Split> out = new ArrayList<>();
            Json.Envelope env = Json.read(p, r -> Json.eachObject(r, row -> {
                String ticker = null, date = null;
                double from = Double.NaN, to = Double.NaN;
                while (row.nextToken() == JsonToken.FIELD_NAME) {
                    String name = row.currentName();
                    JsonToken v = row.nextToken();
                    switch (name) {
                        case "ticker" -> ticker = Json.text(row, v);
                        case "execution_date" -> date = Json.text(row, v);
                        case "split_from" -> from = Json.number(row, v);
                        case "split_to" -> to = Json.number(row, v);
                        default -> row.skipChildren();
                    }
                }
                if (ticker != null && date != null) {
                    try {
                        out.add(new Split(ticker, LocalDate.parse(date), from, to));
                    } catch (DateTimeParseException ignored) {
                        // a split without a usable date cannot make any cached session stale
                    }
                }
            }));
            return new Page<>(out, env.nextUrl());
        };
    }
}
