package io.lcscanner.server.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.io.AtomicFiles;
import io.lcscanner.server.Json;
import io.lcscanner.server.OutcomeSummaryJson;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans on disk: {@code <results dir>/<scan_id>/metadata.json}, {@code scanner.json}, {@code results.json},
 * {@code results.csv} and, with outcomes, {@code summary.json}, each written atomically. Every path is built from an id that matched
 * {@link #ID} first, so no request can name a file outside the directory. Not final: tests slow its
 * writes down.
 */
public class ScanStore {
    /** Reads one value of the stored results as the mapper would, mid-file: what follows is the rest, not trailing garbage. */
    private static final ObjectReader VALUE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Logger log = LoggerFactory.getLogger(ScanStore.class);
    public static final Pattern ID = Pattern.compile("scan_\\d{8}_\\d{6}_[0-9a-f]{8}");
    public static final String METADATA = "metadata.json";
    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";
    /** The outcome summary of a scan that asked for outcomes. */
    public static final String SUMMARY = "summary.json";
    /** The scanner document the scan ran, as given: the user may change or delete theirs later. */
    public static final String SCANNER = "scanner.json";

    private final Path root;

    public ScanStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The directory of scan {@code id}; the id must be valid. */
    Path dir(String id) {
        if (!validId(id)) {
            throw new IllegalArgumentException("invalid scan id");
        }
        return root.resolve(id);
    }

    /** The file {@code name} of scan {@code id}; the id must be valid. */
    public Path file(String id, String name) {
        return dir(id).resolve(name);
    }

    boolean exists(String id) {
        return Files.exists(dir(id));
    }

    /** Writes the scan's current state; concurrent writes of one scan are serialised, the latest state last. */
    void saveMetadata(ScanRecord r) throws IOException {
        synchronized (r.diskLock) {
            if (r.deleted || r.finalStored) {
                return; // a late write must not bring a deleted scan back, nor put an earlier state over the final one
            }
            AtomicFiles.write(file(r.id(), METADATA), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(r.metadataJson(Instant.now())));
        }
    }

    /** Stores {@code finalState}, a {@link ScanRecord#snapshot} of {@code r} with its final state applied, as r's. */
    void saveFinalMetadata(ScanRecord r, ScanRecord finalState) throws IOException {
        synchronized (r.diskLock) {
            if (r.deleted) {
                return;
            }
            AtomicFiles.write(file(r.id(), METADATA), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(finalState.metadataJson(Instant.now())));
            r.finalStored = true;
        }
    }

    /** Writes the scanner document a scan runs. */
    void saveScanner(String id, String json) throws IOException {
        AtomicFiles.write(file(id, SCANNER), json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes one result file, {@link #RESULTS_CSV}, {@link #RESULTS_JSON} or {@link #SUMMARY}; the hits come from
     * {@link HitFormat}, the one source of columns.
     */
    void saveResults(String id, String name, ScanResult result) throws IOException {
        if (name.equals(SUMMARY)) {
            OutcomeSummary summary = result.summary().orElseThrow(() -> new IllegalArgumentException("no outcomes"));
            AtomicFiles.write(file(id, name), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(OutcomeSummaryJson.of(summary)));
            return;
        }
        AtomicFiles.write(file(id, name), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            switch (name) {
                case RESULTS_CSV -> HitFormat.writeCsv(result.schema(), result.hits(), w);
                case RESULTS_JSON -> HitFormat.writeJson(result.schema(), result.hits(), w);
                default -> throw new IllegalArgumentException("not a results file: " + name);
            }
            w.flush();
        });
    }

    /** A stored file of scan {@code id} as JSON (numbers kept exactly as written). */
    public JsonNode readJson(String id, String name) throws IOException {
        return Json.MAPPER.readTree(file(id, name).toFile());
    }

    /**
     * The stored hits of scan {@code id} (an array of objects), numbers kept exactly as written, and {@code -0.0}
     * too: the mapper reads decimals as BigDecimal, which has no negative zero, and the reference prints one where
     * rounding makes it (a gap of −0.004 is {@code -0.0}), so that value is read as a double.
     */
    public JsonNode readResults(String id) throws IOException {
        JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        try (JsonParser p = Json.MAPPER.createParser(file(id, RESULTS_JSON).toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("results file is not a JSON array");
            }
            ArrayNode rows = nodes.arrayNode();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                ObjectNode row = rows.addObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    boolean negativeZero = p.nextToken() == JsonToken.VALUE_NUMBER_FLOAT && p.getText().equals("-0.0");
                    row.set(name, negativeZero ? nodes.numberNode(-0.0) : VALUE.readTree(p));
                }
            }
            if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw new IOException("results file is not an array of objects");
            }
            return rows;
        }
    }

    /**
     * Every readable stored scan; unreadable ones are logged and skipped, never deleted. Temporary files a
     * killed process left half-written are removed.
     */
    List<ScanRecord> loadAll() throws IOException {
        List<ScanRecord> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                Path meta = dir.resolve(METADATA);
                if (!validId(name) || !Files.isDirectory(dir)) {
                    continue;
                }
                removeLeftovers(dir);
                if (!Files.isRegularFile(meta)) {
                    continue;
                }
                try {
                    ScanRecord r = ScanRecord.fromMetadata(Json.MAPPER.readTree(meta.toFile()));
                    if (!r.id().equals(name)) {
                        throw new IllegalArgumentException("scan_id " + r.id() + " does not match its directory");
                    }
                    out.add(r);
                } catch (IOException | IllegalArgumentException e) {
                    log.warn("skipping unreadable scan metadata {}: {}", meta, e.getMessage());
                }
            }
        }
        return out;
    }

    /** Deletes the temporary files of {@link AtomicFiles} ({@code .<name><random>.tmp}) left in {@code dir}. */
    static void removeLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    log.info("removed the leftover temporary file {}", f);
                }
            }
        }
    }

    /** Removes a scan's directory and files; no metadata write of it happens afterwards. */
    void delete(ScanRecord r) throws IOException {
        synchronized (r.diskLock) {
            r.deleted = true;
            delete(r.id());
        }
    }

    /** Removes what a refused scan left (its scanner document); a failure is only logged. */
    void deleteQuietly(String id) {
        try {
            delete(id);
        } catch (IOException e) {
            log.warn("removing the files of refused scan {} failed: {}", id, e.toString());
        }
    }

    private void delete(String id) throws IOException {
        Path dir = dir(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
