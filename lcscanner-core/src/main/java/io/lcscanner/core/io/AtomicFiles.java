package io.lcscanner.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that no reader ever sees half of one: content goes to a temporary file beside the
 * target, which is then renamed over it. The one place every module writes files through.
 */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFiles() {
    }

    /** What writes the content; the stream is closed by {@link #write}. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param out the temporary file's stream
         * @throws IOException if writing fails (the target is then left as it was)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} atomically, creating parent directories.
     *
     * @param target the file to create or replace
     * @param content what writes the bytes
     * @throws IOException if writing or renaming fails; the target is then unchanged and no temporary file is left
     */
    public static void write(Path target, Content content) throws IOException {
        writeChannel(target, channel -> content.writeTo(Channels.newOutputStream(channel)));
    }

    /** What writes the content through a channel (a writer with buffers of its own); {@link #writeChannel} closes it. */
    @FunctionalInterface
    public interface ChannelContent {
        /**
         * Writes the whole content.
         *
         * @param channel the temporary file's channel
         * @throws IOException if writing fails (the target is then left as it was)
         */
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} atomically through a channel, creating parent directories.
     *
     * @param target the file to create or replace
     * @param content what writes the bytes
     * @throws IOException if writing or renaming fails; the target is then unchanged and no temporary file is left
     */
    public static void writeChannel(Path target, ChannelContent content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createTemporary(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file {@code .<name>.<pid>.<n>.tmp} in {@code dir}. Not {@link Files#createTempFile}: its random
     * names come from SecureRandom, whose first use costs a fresh JVM over 100 ms (the provider, the entropy source),
     * which was most of the time a command-line scan spent writing its results. Uniqueness comes from the process id
     * and a counter instead; exclusive creation makes a clash with a leftover file harmless.
     */
    static Path createTemporary(Path dir, String name) throws IOException {
        String prefix = "." + name + "." + PID + ".";
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + SEQUENCE.incrementAndGet() + ".tmp"));
            } catch (FileAlreadyExistsException leftover) {
                // a file an earlier process with the same id left behind: take the next number
            }
        }
    }

    /**
     * Writes {@code bytes} to {@code target} atomically.
     *
     * @param target the file to create or replace
     * @param bytes its new content
     * @throws IOException if writing or renaming fails; the target is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
