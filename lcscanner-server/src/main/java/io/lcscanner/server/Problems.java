package io.lcscanner.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures in words for clients: the problem, never an exception's class, a stack trace or an absolute
 * path of the machine (a file is named by its file name).
 */
public final class Problems {
    /** An absolute path: a slash and at least two segments (URL paths are told apart by their first segment). */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.~/=])(/[\\w.@%+~-]+){2,}");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']{0,60})");
    /** A Java class name as {@code toString()} puts it before a message: {@code java.lang.IllegalStateException: }. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?::\\s*|\\b)");
    public static final int MAX_ECHO = 40;
    /** A message from a library (a scanner document's problem) that may hold the client's input. */
    public static final int MAX_MESSAGE = 300;
    static final String OUT_OF_MEMORY = "the server ran out of memory; scan fewer tickers or a shorter range, or give "
            + "the server more memory";

    private Problems() {
    }

    /**
     * A failure, e.g. {@code bars.csv: access denied}: its message without paths, and the reason of a file
     * system error among its causes when the message does not say it.
     */
    public static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return OUT_OF_MEMORY;
            }
        }
        String text;
        if (e instanceof FileSystemException f && f.getFile() != null) {
            text = fileName(f.getFile()) + ": " + reason(f);
        } else {
            String message = e.getMessage();
            text = message == null || message.isBlank() ? reason(e) : withoutClassNames(withoutPaths(message));
            if (text.isBlank()) {
                text = reason(e);
            }
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof FileSystemException f) {
                String why = reason(f);
                return text.contains(why) ? text : text + " (" + why + ")";
            }
        }
        return text;
    }

    /** What went wrong with a file, without the path. */
    public static String reason(Throwable e) {
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException) {
            return "something is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return withoutPaths(f.getReason());
        }
        return e instanceof IOException ? "an I/O error" : "an internal error";
    }

    /** A JSON body Jackson could not read, described without Jackson's class names. */
    public static String json(JacksonException e) {
        String original = String.valueOf(e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            return "the field " + quote(duplicate.group(1)) + " appears twice" + where;
        }
        if (original.startsWith("Trailing token")) {
            return "there is more after the JSON value" + where;
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "the JSON ends too early" + where;
        }
        return "the body is not valid JSON" + where;
    }

    /** Drops Java class names (a wrapped exception's {@code java.lang.Foo: } prefix): they mean nothing to a user. */
    static String withoutClassNames(String message) {
        return CLASS_NAME.matcher(message).replaceAll("").trim();
    }

    /** Replaces each absolute path of this machine by its file name. */
    public static String withoutPaths(String message) {
        Matcher m = ABSOLUTE_PATH.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group();
            String first = path.substring(0, path.indexOf('/', 1));
            m.appendReplacement(out, Matcher.quoteReplacement(Files.isDirectory(Path.of(first)) ? fileName(path) : path));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Client input shown back in a message: quoted, and cut to {@link #MAX_ECHO} characters. */
    public static String quote(String input) {
        return "\"" + cut(input, MAX_ECHO) + "\"";
    }

    /** {@code text} cut to {@code max} characters, marked with an ellipsis when cut. */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static String fileName(String path) {
        Path p = Path.of(path).getFileName();
        return p == null ? "/" : p.toString();
    }
}
