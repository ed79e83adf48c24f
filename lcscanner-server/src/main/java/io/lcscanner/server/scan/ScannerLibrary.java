package io.lcscanner.server.scan;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.server.ApiException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scanners a user can run by name: the library's built-ins, and user documents stored as
 * {@code <dir>/<name>.json} (written atomically, checked before they are stored). Every path is built
 * from a name that matched {@link #NAME} first, so no name reaches a file outside the directory. Without a
 * directory only the built-ins exist. Documents live in a {@link ScannerDocumentStore} (files, or PostgreSQL for
 * several instances); parsed documents are kept while their text is unchanged, so listing reads the documents but
 * parses none it parsed before. Thread-safe, without locks.
 */
public final class ScannerLibrary {
    private static final Logger log = LoggerFactory.getLogger(ScannerLibrary.class);
    /** A scanner's name (scanner-rules.md §1). */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final String SUFFIX = ".json";
    private static final LocalDate ANY_DAY = LocalDate.of(2000, 1, 3);
    /** Where user documents are kept unless configured otherwise: the same folder for the server and the command line. */
    public static final Path DEFAULT_DIR = Path.of("scanners");
    /** The example documents of a clone of the repository, listed and suggested when present. */
    public static final Path EXAMPLES_DIR = Path.of("examples", "scanners");
    /** Device names Windows reserves with any extension: such a document could not be copied to Windows. */
    private static final Pattern WINDOWS_RESERVED = Pattern.compile("con|prn|aux|nul|com[1-9]|lpt[1-9]",
            Pattern.CASE_INSENSITIVE);

    /**
     * One scanner.
     *
     * @param definition the checked document
     * @param builtin    shipped with the library (cannot be replaced or deleted)
     */
    public record Entry(ScannerDefinition definition, boolean builtin) {
        public String name() {
            return definition.name();
        }
    }

    /** What {@link #put} did. */
    public record Stored(Entry entry, boolean created) {
    }

    /**
     * A stored document as last parsed: valid ({@code entry}) or not ({@code invalid}), and the text it came from, so
     * that an unchanged document is not parsed again (parsing and compiling, not reading, is what costs).
     */
    private record Parsed(String json, Entry entry, ScannerDefinitionException invalid) {
    }

    /** {@code null}: the built-ins only. */
    private final ScannerDocumentStore documents;

    /**
     * The default budget of {@link #requireAffordable}: operations per bar ({@link ScannerDefinition#cost()}).
     * LC estimates 574 and the examples under 100; a document of 5,000 long window sums, millions.
     */
    public static final long DEFAULT_MAX_SCAN_COST = 100_000;

    private final int maxStored;
    private final long maxScanCost;
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();
    /** New documents being stored: counted against {@link #maxStored} before their file exists. */
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicLong parses = new AtomicLong();

    /** @param dir where user documents are kept, or {@code null} for the built-ins only; no cap on their number */
    public ScannerLibrary(Path dir) {
        this(dir == null ? null : new FileScannerDocuments(dir), Integer.MAX_VALUE, DEFAULT_MAX_SCAN_COST);
    }

    /**
     * @param dir       where user documents are kept, or {@code null} for the built-ins only
     * @param maxStored how many user documents may be stored (SCANNER_MAX_SCANNERS)
     */
    public ScannerLibrary(Path dir, int maxStored) {
        this(dir == null ? null : new FileScannerDocuments(dir), maxStored, DEFAULT_MAX_SCAN_COST);
    }

    /** @param documents where user documents are kept, or {@code null} for the built-ins only; no cap on their number */
    public ScannerLibrary(ScannerDocumentStore documents) {
        this(documents, Integer.MAX_VALUE, DEFAULT_MAX_SCAN_COST);
    }

    /**
     * @param documents   where user documents are kept (files or PostgreSQL), or {@code null} for the built-ins only
     * @param maxStored   how many user documents may be stored (SCANNER_MAX_SCANNERS)
     * @param maxScanCost documents estimated above this many operations per bar are refused (SCANNER_MAX_SCAN_COST)
     */
    public ScannerLibrary(ScannerDocumentStore documents, int maxStored, long maxScanCost) {
        this.documents = documents;
        this.maxStored = maxStored;
        this.maxScanCost = maxScanCost;
    }

    public Optional<Path> dir() {
        return documents instanceof FileScannerDocuments f ? Optional.of(f.dir()) : Optional.empty();
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !WINDOWS_RESERVED.matcher(name).matches();
    }

    public static boolean isBuiltin(String name) {
        return ScannerDefinition.builtins().stream().anyMatch(d -> d.name().equals(name));
    }

    /** Deletes the temporary files a killed process left while storing a document. */
    public void removeLeftovers() throws IOException {
        if (documents instanceof FileScannerDocuments f) {
            f.removeLeftovers();
        }
    }

    /**
     * Every scanner: the built-ins, then the user documents by name. A stored document that is no longer
     * valid (edited by hand) is left out, with a warning in the log.
     */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        ScannerDefinition.builtins().forEach(d -> out.add(new Entry(d, true)));
        for (String name : storedNames()) {
            try {
                read(name).ifPresent(out::add);
            } catch (ScannerDefinitionException e) {
                log.warn("the stored scanner {} is not valid and is not listed: {}", name, e.getMessage());
            }
        }
        return out;
    }

    /** A stored document that cannot be used (edited by hand), and its first problem. */
    public record Invalid(String name, ScannerDefinitionException.Problem firstProblem) {
    }

    /** The stored documents {@link #list()} leaves out, by name. */
    public List<Invalid> invalid() throws IOException {
        List<Invalid> out = new ArrayList<>();
        for (String name : storedNames()) {
            try {
                read(name);
            } catch (ScannerDefinitionException e) {
                out.add(new Invalid(name, e.problems().get(0)));
            }
        }
        return out;
    }

    /** The names of the stored user documents, A to Z. */
    private List<String> storedNames() throws IOException {
        if (documents == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : documents.names()) {
            if (validName(name) && !isBuiltin(name)) {
                names.add(name);
            }
        }
        parsed.keySet().retainAll(names); // documents deleted by hand
        return names;
    }

    /** Documents parsed since start-up: a file is parsed again only when it changed. */
    long parses() {
        return parses.get();
    }

    /**
     * The scanner of that name: a built-in, else the user document stored under it.
     *
     * @throws ScannerDefinitionException if the stored document is not valid (edited by hand)
     */
    public Optional<Entry> find(String name) throws IOException {
        if (!validName(name)) {
            return Optional.empty();
        }
        for (ScannerDefinition d : ScannerDefinition.builtins()) {
            if (d.name().equals(name)) {
                return Optional.of(new Entry(d, true));
            }
        }
        return read(name);
    }

    /**
     * Checks {@code json} and stores it as the user document {@code name}, replacing one of that name.
     *
     * @throws ApiException 400 for an invalid name or document (with its problems), or a document named
     *                      otherwise; 409 for a built-in's name or a new document beyond the cap; 503 without a
     *                      directory
     */
    public Stored put(String name, String json) throws IOException {
        if (name != null && NAME.matcher(name).matches() && WINDOWS_RESERVED.matcher(name).matches()) {
            throw ApiException.badRequest("name", name + " is a device name on Windows (con, prn, aux, nul, com1-9, "
                    + "lpt1-9), which cannot be a file there; choose another name");
        }
        if (!validName(name)) {
            throw ApiException.badRequest("name", "a scanner's name is a lowercase letter, then up to 63 lowercase "
                    + "letters, digits or underscores");
        }
        if (isBuiltin(name)) {
            throw builtin(name, "replaced");
        }
        ScannerDefinition d = check(json, null);
        requireAffordable(d, Map.of(), null);
        if (!d.name().equals(name)) {
            throw ApiException.badRequest("name", "the document is named \"" + d.name() + "\", the address \"" + name
                    + "\"; they must be the same");
        }
        ScannerDocumentStore store = store();
        boolean created;
        if (store.read(name).isPresent()) {
            created = store.write(name, json);
        } else {
            // counted before the document exists: of concurrent new documents at the cap, all but those that fit fail.
            // Announce first, list second: a concurrent creation is then either still announced or already listed.
            int announced = creating.incrementAndGet();
            try {
                if (storedNames().size() + announced > maxStored) {
                    throw new ApiException(409, "too_many_scanners", maxStored + " scanner documents are stored, the "
                            + "limit (SCANNER_MAX_SCANNERS); delete one first");
                }
                created = store.write(name, json); // of two PUTs of a new name exactly one creates it (201)
            } finally {
                creating.decrementAndGet();
            }
        }
        parsed.remove(name); // parsed again when next asked for
        log.info("scanner {} {}", name, created ? "stored" : "replaced");
        return new Stored(new Entry(d, false), created);
    }

    /**
     * Deletes the user document {@code name}.
     *
     * @return whether there was one
     * @throws ApiException 409 for a built-in
     */
    public boolean delete(String name) throws IOException {
        if (!validName(name) || documents == null) {
            return false;
        }
        if (isBuiltin(name)) {
            throw builtin(name, "deleted");
        }
        boolean deleted = documents.delete(name);
        parsed.remove(name);
        if (deleted) {
            log.info("scanner {} deleted", name);
        }
        return deleted;
    }

    /**
     * A document checked and compiled with its defaults, as a scan would, so nothing about it can fail later but
     * a request's own params.
     *
     * @throws ScannerDefinitionException with every problem found
     */
    public static ScannerDefinition compile(String json) {
        ScannerDefinition d = ScannerDefinition.parse(json);
        ScanRequest.builder(ANY_DAY, ANY_DAY).scanner(d).build(); // the request compiles it
        return d;
    }

    /**
     * {@link #compile}, for a request.
     *
     * @param field where the document was in the request ({@code scanner}), or {@code null} for a whole body
     * @throws ApiException 400 {@code invalid_scanner} with every problem found
     */
    public static ScannerDefinition check(String json, String field) {
        try {
            return compile(json);
        } catch (ScannerDefinitionException e) {
            throw ApiException.invalidScanner(field, e.problems());
        }
    }

    /** The budget of {@link #requireAffordable}, operations per bar. */
    public long maxScanCost() {
        return maxScanCost;
    }

    /**
     * Refuses a document whose estimated cost per bar with {@code params} is over the budget, so that one
     * document cannot hold the scan workers for hours.
     *
     * @param field where the document was in the request ({@code scanner}), or {@code null} for a whole body
     * @throws ApiException 422 {@code scan_too_expensive} naming the estimate and the budget
     */
    public void requireAffordable(ScannerDefinition d, Map<String, Double> params, String field) {
        long cost = d.cost(params);
        if (cost > maxScanCost) {
            throw new ApiException(422, "scan_too_expensive", "the scanner's estimated cost is " + cost
                    + " operations per bar, over this server's budget of " + maxScanCost
                    + " (SCANNER_MAX_SCAN_COST); use fewer or shorter windows", field);
        }
    }

    private static ApiException builtin(String name, String what) {
        return new ApiException(409, "builtin_scanner", name + " is a built-in scanner and cannot be " + what
                + "; store your own under another name");
    }

    private ScannerDocumentStore store() {
        if (documents == null) {
            throw new ApiException(503, "no_scanners_dir", "this server stores no scanners (no scanners directory)");
        }
        return documents;
    }

    private Optional<Entry> read(String name) throws IOException {
        if (documents == null) {
            return Optional.empty();
        }
        Optional<String> json = documents.read(name);
        if (json.isEmpty()) {
            parsed.remove(name);
            return Optional.empty();
        }
        Parsed known = parsed.get(name);
        if (known == null || !known.json().equals(json.get())) {
            known = parse(name, json.get());
            parsed.put(name, known);
        }
        if (known.invalid() != null) {
            throw known.invalid();
        }
        return Optional.of(known.entry());
    }

    private Parsed parse(String name, String json) {
        parses.incrementAndGet();
        try {
            ScannerDefinition d = ScannerDefinition.parse(json);
            if (!d.name().equals(name)) {
                throw new ScannerDefinitionException(List.of(new ScannerDefinitionException.Problem("name", 0,
                        "is \"" + d.name() + "\" but the file is " + name + SUFFIX)));
            }
            return new Parsed(json, new Entry(d, false), null);
        } catch (ScannerDefinitionException e) {
            return new Parsed(json, null, e);
        }
    }
}
