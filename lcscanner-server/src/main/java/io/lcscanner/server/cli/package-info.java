/**
 * The command line: {@code scan} and {@code serve}, each with one picocli options class (a new option is a
 * field there), their configuration and console output.
 */
package io.lcscanner.server.cli;
