/**
 * File helpers the library's modules share and export deliberately: {@link io.lcscanner.core.io.AtomicFiles}
 * writes a file through a temporary name and a rename, so no reader ever sees half of one.
 */
package io.lcscanner.core.io;
