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
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scanners a user can run by name: the library's built-ins, and user documents stored as
 * {@code <dir>/<name>.json} (written atomically, checked before they are stored). Every path is built
 * from a name that matched {@link #NAME} first, so no name reaches a file outside the directory. Without a
 * directory only the built-ins exist. Thread-safe: it holds no state but the directory.
 */
public final class ScannerLibrary {
    private static final Logger log = LoggerFactory.getLogger(ScannerLibrary.class);
    /** A scanner's name (scanner-rules.md §1). */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final String SUFFIX = ".json";
    private static final LocalDate ANY_DAY = LocalDate.of(2000, 1, 3);

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

    /** {@code null}: the built-ins only. */
    private final ScannerDocumentStore documents;

    /** @param dir where user documents are kept, or {@code null} for the built-ins only */
    public ScannerLibrary(Path dir) {
        this(dir == null ? null : new FileScannerDocuments(dir));
    }

    /** @param documents where user documents are kept, or {@code null} for the built-ins only */
    public ScannerLibrary(ScannerDocumentStore documents) {
        this.documents = documents;
    }

    public Optional<Path> dir() {
        return documents instanceof FileScannerDocuments f ? Optional.of(f.dir()) : Optional.empty();
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
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
        if (documents == null) {
            return out;
        }
        for (String name : documents.names()) {
            if (!validName(name) || isBuiltin(name)) {
                continue;
            }
            try {
                read(name).ifPresent(out::add);
            } catch (ScannerDefinitionException e) {
                log.warn("the stored scanner {} is not valid and is not listed: {}", name, e.getMessage());
            }
        }
        return out;
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
     *                      otherwise; 409 for a built-in's name; 503 without a directory
     */
    public Stored put(String name, String json) throws IOException {
        if (!validName(name)) {
            throw ApiException.badRequest("name", "a scanner's name is a lowercase letter, then up to 63 lowercase "
                    + "letters, digits or underscores");
        }
        if (isBuiltin(name)) {
            throw builtin(name, "replaced");
        }
        ScannerDefinition d = check(json, null);
        if (!d.name().equals(name)) {
            throw ApiException.badRequest("name", "the document is named \"" + d.name() + "\", the address \"" + name
                    + "\"; they must be the same");
        }
        boolean created = store().write(name, json);
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
            return Optional.empty();
        }
        ScannerDefinition d = ScannerDefinition.parse(json.get());
        if (!d.name().equals(name)) {
            throw new ScannerDefinitionException(List.of(new ScannerDefinitionException.Problem("name", 0,
                    "is \"" + d.name() + "\" but the file is " + name + SUFFIX)));
        }
        return Optional.of(new Entry(d, false));
    }
}
