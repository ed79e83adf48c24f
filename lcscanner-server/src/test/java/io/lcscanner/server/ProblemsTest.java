package io.lcscanner.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.ScannerDefinitionException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Failures told in the user's terms: no Java class names, running out of memory said as such, input cut. */
class ProblemsTest {
    @Test
    void runningOutOfMemorySaysSoInTheUsersTerms() {
        for (Throwable e : List.<Throwable>of(new OutOfMemoryError("Java heap space"),
                new CompletionException(new OutOfMemoryError("Java heap space")),
                new IllegalStateException("java.lang.OutOfMemoryError: Java heap space",
                        new OutOfMemoryError("Java heap space")))) {
            String text = Problems.describe(e);
            assertThat(text).isEqualTo("the server ran out of memory; scan fewer tickers or a shorter range, or give the "
                    + "server more memory");
        }
    }

    @Test
    void aWrappedExceptionsClassNameIsDropped() {
        assertThat(Problems.describe(new IOException("java.lang.IllegalStateException: the cache is corrupt")))
                .isEqualTo("the cache is corrupt");
        assertThat(Problems.describe(new RuntimeException(
                "io.lcscanner.polygon.PolygonException: Polygon GET /v2/aggs failed: HTTP 502")))
                .isEqualTo("Polygon GET /v2/aggs failed: HTTP 502");
        // nothing else is touched: file names, decimals, sentences
        assertThat(Problems.describe(new IOException("bars.csv line 3: price 1.5 is below 2.0")))
                .isEqualTo("bars.csv line 3: price 1.5 is below 2.0");
        assertThat(Problems.describe(new IOException("java.io.IOException"))).isEqualTo("an I/O error");
    }

    @Test
    void everyProblemOfADocumentIsCut() {
        String name = "x".repeat(4000);
        ApiException e = ApiException.invalidScanner(null, List.of(
                new ScannerDefinitionException.Problem("features." + name, 1, "unknown name \"" + name + "\""),
                new ScannerDefinitionException.Problem("patterns.p", 3, "unknown name \"" + name + "\"")));
        for (ScannerDefinitionException.Problem p : e.problems()) {
            assertThat(p.message().length()).isLessThanOrEqualTo(Problems.MAX_MESSAGE + 1);
            assertThat(p.message()).endsWith("…");
            assertThat(p.key().length()).isLessThanOrEqualTo(81);
        }
        assertThat(e.problems().get(1).key()).isEqualTo("patterns.p");
        assertThat(e.getMessage().length()).isLessThan(300);
    }
}
