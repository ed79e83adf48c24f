/**
 * lcscanner's library: scanners as documents, run over a source of daily bars.
 *
 * <p>The API is {@code io.lcscanner.core} ({@code Scanner}, {@code ScanRequest}, {@code ScanResult},
 * {@code ScannerDefinition}, {@code Hit}, {@code ProgressListener}), data sources are
 * {@code io.lcscanner.core.source}, the embedded market {@code io.lcscanner.core.synthetic}, the NYSE calendar
 * {@code io.lcscanner.core.calendar}. The rule engine ({@code io.lcscanner.core.engine}) and the file helpers
 * ({@code io.lcscanner.core.internal}) are not exported: on the module path they stay the library's own.
 * (lcscanner's other modules run on the class path, where all of it is visible, by design.)
 */
module io.lcscanner.core {
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports io.lcscanner.core;
    exports io.lcscanner.core.source;
    exports io.lcscanner.core.synthetic;
    exports io.lcscanner.core.calendar;
}
