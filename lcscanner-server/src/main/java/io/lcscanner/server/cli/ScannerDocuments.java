package io.lcscanner.server.cli;

import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.scan.ScannerLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Scanner documents on the command line: a name or a file, read and checked, their problems one per line. */
final class ScannerDocuments {
    /** A file larger than this is not read: a document is at most 64 KiB. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    private ScannerDocuments() {
    }

    /**
     * What {@code --scanner} names: a built-in, else a user document in the scanners directory (when there is
     * one), else a JSON file.
     *
     * @throws UsageException naming {@code option} when it is none of them, or with every problem of a bad document
     */
    static ScannerDefinition resolve(String value, Path scannersDir, String option) {
        return resolve(value, scannersDir, ScannerLibrary.EXAMPLES_DIR, option);
    }

    /** {@link #resolve(String, Path, String)}, suggesting the example of that name in {@code examplesDir}. */
    static ScannerDefinition resolve(String value, Path scannersDir, Path examplesDir, String option) {
        ScannerLibrary library = new ScannerLibrary(scannersDir);
        if (ScannerLibrary.validName(value)) {
            try {
                Optional<ScannerLibrary.Entry> e = library.find(value);
                if (e.isPresent()) {
                    return e.get().definition();
                }
            } catch (ScannerDefinitionException e) {
                throw new UsageException(option, value + ".json in " + scannersDir + " is not a valid scanner document:\n"
                        + lines(e.problems()));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + value + " from " + scannersDir + " failed: " + Problems.describe(e), e);
            }
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            Path example = ScannerLibrary.validName(value) ? examplesDir.resolve(value + ".json") : null;
            throw new UsageException(option, "no built-in scanner" + (scannersDir == null ? "" : ", no document in "
                    + scannersDir) + " and no file named " + Problems.quote(value) + (example != null
                    && Files.isRegularFile(example) ? "; did you mean --scanner " + example + "?" : " (built-ins: "
                    + ScannerDefinition.builtins().stream().map(ScannerDefinition::name).collect(Collectors.joining(", "))
                    + "; see the scanners command)"));
        }
        try {
            return ScannerDefinition.parse(read(file, option));
        } catch (ScannerDefinitionException e) {
            throw new UsageException(option, file.getFileName() + " is not a valid scanner document:\n" + lines(e.problems()));
        }
    }

    /** The text of a document file. */
    static String read(Path file, String option) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UsageException(option, file.getFileName() + " is " + Files.size(file)
                        + " bytes; a scanner document is at most 64 KiB");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(option, Problems.describe(e));
        }
    }

    /** One problem a line, {@code key: position N: message}, indented. */
    static String lines(List<ScannerDefinitionException.Problem> problems) {
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
