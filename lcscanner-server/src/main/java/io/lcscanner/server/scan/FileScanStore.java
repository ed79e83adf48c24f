package io.lcscanner.server.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Hit;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.io.AtomicFiles;
import io.lcscanner.server.Json;
import io.lcscanner.server.OutcomeSummaryJson;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans on disk: {@code <results dir>/<scan_id>/metadata.json}, {@code scanner.json}, {@code results.json},
 * {@code results.csv}, their index {@code results.idx} ({@link ResultsIndex}: pages, sorting and filtering read
 * it, never the whole JSON) and, with outcomes, {@code summary.json}, each written atomically. Every path is built
 * from an id that matched {@link #ID} first, so no request can name a file outside the directory. Not final: tests
 * slow its writes down.
 */
public class FileScanStore implements ScanStore {
    private static final Logger log = LoggerFactory.getLogger(FileScanStore.class);
    public static final String METADATA = "metadata.json";
    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";
    /** The outcome summary of a scan that asked for outcomes. */
    public static final String SUMMARY = "summary.json";
    /** The scanner document the scan ran, as given: the user may change or delete theirs later. */
    public static final String SCANNER = "scanner.json";
    /** The index of {@link #RESULTS_JSON}: row offsets and primitive columns. */
    public static final String RESULTS_INDEX = "results.idx";

    private final Path root;
    private final HitPages pages = new HitPages();
    /** Scans whose results are being indexed now, so that concurrent readers wait for one indexing. */
    private final Map<String, CompletableFuture<Void>> indexing = new ConcurrentHashMap<>();

    public FileScanStore(Path root) {
        this.root = root;
    }

    @Override
    public String kind() {
        return "files";
    }

    @Override
    public String description() {
        return root.toString();
    }

    /** The directory of scan {@code id}; the id must be valid. */
    Path dir(String id) {
        if (!ScanStore.validId(id)) {
            throw new IllegalArgumentException("invalid scan id");
        }
        return root.resolve(id);
    }

    /** The file {@code name} of scan {@code id}; the id must be valid. */
    public Path file(String id, String name) {
        return dir(id).resolve(name);
    }

    @Override
    public boolean exists(String id) {
        return Files.exists(dir(id));
    }

    /** Writes the scan's current state; concurrent writes of one scan are serialised, the latest state last. */
    @Override
    public void saveMetadata(ScanRecord r) throws IOException {
        synchronized (r.diskLock) {
            if (r.deleted || r.finalStored) {
                return; // a late write must not bring a deleted scan back, nor put an earlier state over the final one
            }
            AtomicFiles.write(file(r.id(), METADATA), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(r.metadataJson(Instant.now())));
        }
    }

    /** Stores {@code finalState}, a {@link ScanRecord#snapshot} of {@code r} with its final state applied, as r's. */
    @Override
    public void saveFinalMetadata(ScanRecord r, ScanRecord finalState) throws IOException {
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
    @Override
    public void saveScanner(String id, String json) throws IOException {
        AtomicFiles.write(file(id, SCANNER), json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> readScanner(String id) throws IOException {
        try {
            return Optional.of(Files.readString(file(id, SCANNER), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public ResultsWriter writeResults(String id, HitSchema schema) {
        dir(id); // checks the id
        return new FileResultsWriter(id, schema);
    }

    /**
     * Keeps the hits (the scan holds them anyway) and writes the files on finish, each atomically and in order:
     * the JSON, its index, the CSV, the summary; a retry writes only those not yet written.
     */
    private final class FileResultsWriter implements ResultsWriter {
        private final String id;
        private final HitSchema schema;
        private List<Hit> hits = new ArrayList<>();
        private List<String> pending;

        FileResultsWriter(String id, HitSchema schema) {
            this.id = id;
            this.schema = schema;
        }

        @Override
        public void append(Hit hit) {
            hits.add(hit);
        }

        @Override
        public void finish(OutcomeSummary summary) throws IOException {
            if (pending == null) {
                pending = new ArrayList<>(List.of(RESULTS_JSON, RESULTS_INDEX, RESULTS_CSV));
                if (summary != null) {
                    pending.add(SUMMARY);
                }
            }
            IOException last = null;
            for (var it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                if (name.equals(RESULTS_INDEX) && pending.contains(RESULTS_JSON)) {
                    continue; // it indexes the JSON, which is not written yet
                }
                try {
                    write(name, summary);
                    it.remove();
                } catch (IOException e) {
                    last = e;
                }
            }
            if (last != null) {
                throw last;
            }
        }

        private void write(String name, OutcomeSummary summary) throws IOException {
            switch (name) {
                case SUMMARY -> AtomicFiles.write(file(id, name), Json.MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(OutcomeSummaryJson.of(summary)));
                case RESULTS_INDEX -> ResultsIndex.build(file(id, RESULTS_JSON), schema, hits, file(id, RESULTS_INDEX));
                default -> AtomicFiles.write(file(id, name), out -> {
                    // the hits come from HitFormat, the one source of columns and number printing
                    Writer w = new OutputStreamWriter(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8);
                    if (name.equals(RESULTS_CSV)) {
                        HitFormat.writeCsv(schema, hits, w);
                    } else {
                        HitFormat.writeJson(schema, hits, w);
                    }
                    w.flush();
                });
            }
        }

        @Override
        public void close() {
            hits = List.of();
        }
    }

    @Override
    public Optional<ResultPage> readPage(String id, List<ScanRecord.Column> columns, ResultQuery query) throws IOException {
        Path json = file(id, RESULTS_JSON);
        Path index = file(id, RESULTS_INDEX);
        if (!Files.exists(json)) {
            return Optional.empty();
        }
        if (!Files.exists(index)) {
            buildIndex(id, json, columns, index);
        }
        try {
            return Optional.of(pages.read(id, json, index, columns, query));
        } catch (NoSuchFileException deleted) {
            return Optional.empty();
        }
    }

    /** Indexes the results of a scan stored before there were indexes; once, however many readers ask. */
    private void buildIndex(String id, Path json, List<ScanRecord.Column> columns, Path index) throws IOException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = indexing.putIfAbsent(id, mine);
        if (other != null) {
            try {
                other.join();
                return;
            } catch (CompletionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("indexing the results failed", e.getCause());
            }
        }
        try {
            if (!Files.exists(index)) {
                ResultsIndex.build(json, columns, index);
                log.info("scan {}: indexed its stored results", id);
            }
            mine.complete(null);
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            indexing.remove(id, mine);
        }
    }

    @Override
    public Optional<JsonNode> readSummary(String id) throws IOException {
        try {
            return Optional.of(Json.MAPPER.readTree(file(id, SUMMARY).toFile()));
        } catch (NoSuchFileException | FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Export> openExport(String id, ExportFormat format) throws IOException {
        try {
            FileChannel body = FileChannel.open(file(id, format == ExportFormat.CSV ? RESULTS_CSV : RESULTS_JSON),
                    StandardOpenOption.READ);
            return Optional.of(new Export(body, body.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Every readable stored scan; unreadable ones are logged and skipped, never deleted. Temporary files a
     * killed process left half-written are removed.
     */
    @Override
    public List<ScanRecord> loadAll() throws IOException {
        List<ScanRecord> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                Path meta = dir.resolve(METADATA);
                if (!ScanStore.validId(name) || !Files.isDirectory(dir)) {
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
    @Override
    public void delete(ScanRecord r) throws IOException {
        synchronized (r.diskLock) {
            r.deleted = true;
            pages.forget(r.id());
            delete(r.id());
        }
    }

    /** Removes what a refused scan left (its scanner document); a failure is only logged. */
    @Override
    public void deleteQuietly(String id) {
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
