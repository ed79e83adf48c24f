/**
 * Scan management: the queue and running scans ({@link io.lcscanner.server.scan.ScanManager}), each scan's
 * state ({@link io.lcscanner.server.scan.ScanRecord}), where it is kept ({@link io.lcscanner.server.scan.ScanStore}, on disk by default)
 * and the fan-out of its progress to stream subscribers ({@link io.lcscanner.server.scan.ProgressHub}).
 */
package io.lcscanner.server.scan;
