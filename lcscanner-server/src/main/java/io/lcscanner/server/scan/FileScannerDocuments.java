package io.lcscanner.server.scan;

import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Scanner documents as {@code <dir>/<name>.json}, each written atomically. */
public final class FileScannerDocuments implements ScannerDocumentStore {
    private static final String SUFFIX = ".json";
    /** A document is at most 64 KiB; a file far larger was not written by the server and is not read whole. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final Path dir;

    public FileScannerDocuments(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Deletes the temporary files a killed process left while storing a document. */
    void removeLeftovers() throws IOException {
        if (Files.isDirectory(dir)) {
            FileScanStore.removeLeftovers(dir);
        }
    }

    @Override
    public List<String> names() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : stream) {
                String file = f.getFileName().toString();
                String name = file.substring(0, file.length() - SUFFIX.length());
                if (ScannerLibrary.validName(name) && Files.isRegularFile(f)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Optional<String> read(String name) throws IOException {
        Path f = dir.resolve(name + SUFFIX);
        try {
            if (Files.size(f) > MAX_FILE_BYTES) {
                throw new ScannerDefinitionException(List.of(new ScannerDefinitionException.Problem("", 0,
                        "the stored file is " + Files.size(f) + " bytes; a scanner document is at most 64 KiB")));
            }
            return Optional.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean write(String name, String json) throws IOException {
        Path file = dir.resolve(name + SUFFIX);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(file) && writeNew(file, bytes)) {
            return true;
        }
        AtomicFiles.write(file, bytes); // of two writers of a new document, the one that did not create it replaces it
        return false;
    }

    /**
     * Writes {@code file} only if there is no such file, in one step: of two writers of a new document exactly one
     * creates it. A hard link fails if the name exists, and gives the complete file its name at once; the temporary
     * file has the name {@link #removeLeftovers} clears.
     *
     * @return false, writing nothing, when {@code file} exists
     */
    private static boolean writeNew(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }


    @Override
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(dir.resolve(name + SUFFIX));
    }
}
