package org.facialkeypoints.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go to a temporary
 * file beside the target, which then replaces it in one move. On any failure the temporary file is removed and the
 * target is untouched.
 */
public final class AtomicFiles {

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("Cannot create folder " + dir + " for " + target + ": " + e.getMessage(), e);
            }
        }
        Path tmp;
        try {
            tmp = createBeside(dir, abs);
        } catch (IOException e) {
            throw new IOException("Cannot write " + target + ": " + reason(e), e);
        }
        boolean done = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new IOException("Cannot write " + target + ": " + reason(e), e);
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * A new empty file beside the target. Unlike {@code Files.createTempFile}, which makes files only their owner may
     * read (0600), it is created as any new file, with the permissions the user's umask gives; a file that
     * replaces an existing one keeps that one's permissions.
     */
    private static Path createBeside(Path dir, Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
            try {
                Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt < 20) continue;
                throw e;
            }
            try {
                if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                }
            } catch (IOException | UnsupportedOperationException e) {
                // The umask's permissions stay; nothing is lost.
            }
            return tmp;
        }
    }

    /**
     * Makes sure a file can be written at {@code target} before long work starts: creates its folder when missing
     * and writes and removes an empty temporary file there. The error is one sentence naming the folder.
     */
    public static void checkWritable(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".part");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("Cannot write to the folder " + dir + ": " + reason(e));
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m != null && m.contains("No space left")) return "the disk is full";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
