/**
 * lcscanner's library: scanners as documents, run over a source of daily bars.
 *
 * <p>The API is {@code io.lcscanner.core} ({@code Scanner}, {@code ScanRequest}, {@code ScanResult},
 * {@code ScannerDefinition}, {@code Hit}, {@code ProgressListener}), data sources are
 * {@code io.lcscanner.core.source}, the embedded market {@code io.lcscanner.core.synthetic}, the NYSE calendar
 * {@code io.lcscanner.core.calendar}, and {@code io.lcscanner.core.io} the atomic file writes that every module
 * (and an application storing results) uses. The rule engine ({@code io.lcscanner.core.engine}) is not
 * exported: on the module path it stays the library's own. (lcscanner's other modules run on the class path,
 * where all of it is visible, by design.)
 */
module io.lcscanner.core {
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports io.lcscanner.core;
    exports io.lcscanner.core.source;
    exports io.lcscanner.core.synthetic;
    exports io.lcscanner.core.calendar;
    exports io.lcscanner.core.io;
}
