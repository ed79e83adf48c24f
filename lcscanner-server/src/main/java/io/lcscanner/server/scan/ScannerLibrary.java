package io.lcscanner.server.scan;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.core.internal.AtomicFiles;
import io.lcscanner.server.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
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
    /** A stored file larger than this is not read (a document is at most 64 KiB; this leaves room for the parser to say so). */
    private static final long MAX_FILE_BYTES = 1 << 20;
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

    private final Path dir;

    /** @param dir where user documents are kept, or {@code null} for the built-ins only */
    public ScannerLibrary(Path dir) {
        this.dir = dir;
    }

    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static boolean isBuiltin(String name) {
        return ScannerDefinition.builtins().stream().anyMatch(d -> d.name().equals(name));
    }

    /** Deletes the temporary files a killed process left while storing a document. */
    public void removeLeftovers() throws IOException {
        if (dir != null && Files.isDirectory(dir)) {
            FileScanStore.removeLeftovers(dir);
        }
    }

    /**
     * Every scanner: the built-ins, then the user documents by name. A stored document that is no longer
     * valid (edited by hand) is left out, with a warning in the log.
     */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        ScannerDefinition.builtins().forEach(d -> out.add(new Entry(d, true)));
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : stream) {
                String file = f.getFileName().toString();
                String name = file.substring(0, file.length() - SUFFIX.length());
                if (validName(name) && !isBuiltin(name) && Files.isRegularFile(f)) {
                    files.put(name, f);
                }
            }
        }
        for (String name : files.keySet()) {
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
        Path file = file(name);
        boolean created = !Files.exists(file);
        AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
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
        if (!validName(name) || dir == null) {
            return false;
        }
        if (isBuiltin(name)) {
            throw builtin(name, "deleted");
        }
        boolean deleted = Files.deleteIfExists(file(name));
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

    private Path file(String name) {
        if (dir == null) {
            throw new ApiException(503, "no_scanners_dir", "this server stores no scanners (no scanners directory)");
        }
        return dir.resolve(name + SUFFIX);
    }

    private Optional<Entry> read(String name) throws IOException {
        if (dir == null) {
            return Optional.empty();
        }
        Path f = dir.resolve(name + SUFFIX);
        String json;
        try {
            if (Files.size(f) > MAX_FILE_BYTES) {
                throw new ScannerDefinitionException(List.of(new ScannerDefinitionException.Problem("", 0,
                        "the stored file is " + Files.size(f) + " bytes; a scanner document is at most 64 KiB")));
            }
            json = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        ScannerDefinition d = ScannerDefinition.parse(json);
        if (!d.name().equals(name)) {
            throw new ScannerDefinitionException(List.of(new ScannerDefinitionException.Problem("name", 0,
                    "is \"" + d.name() + "\" but the file is " + name + SUFFIX)));
        }
        return Optional.of(new Entry(d, false));
    }
}
