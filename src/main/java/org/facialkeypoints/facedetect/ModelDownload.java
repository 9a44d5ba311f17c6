package org.facialkeypoints.facedetect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches the pinned model file into a folder. Only a complete file with the pinned SHA-256 ever appears under the
 * model's name: the bytes go to a temporary file beside it and are moved into place after the check.
 */
public final class ModelDownload {

    /** 15 s to connect and to receive the headers: a reachable server answers in well under a second. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** A stall of 30 s without a byte ends the download: the whole file is 317 kB. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final URI uri;
    private final String sha256;
    private final long maxBytes;
    private final Duration readTimeout;

    /** The pinned model from its pinned URL. */
    public ModelDownload() {
        this(URI.create(FaceDetectorModel.URL), FaceDetectorModel.SHA256, FaceDetectorModel.MAX_BYTES, READ_TIMEOUT);
    }

    /** Another address (the tests' local server), hash, size limit or stall timeout. */
    ModelDownload(URI uri, String sha256, long maxBytes, Duration readTimeout) {
        this.uri = uri;
        this.sha256 = sha256;
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
    }

    URI uri() { return uri; }

    /** Downloads into {@code folder}/{@code fileName} (creating the folder) and returns that path. */
    public Path downloadInto(Path folder, String fileName) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        Path temp = Files.createTempFile(folder, "." + fileName + ".", ".part");
        boolean moved = false;
        try {
            String actual = fetch(temp);
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new IOException("The file downloaded from " + uri + " has SHA-256 " + actual + " instead of the expected "
                        + sha256 + ", so it was discarded.");
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            return target;
        } finally {
            if (!moved) Files.deleteIfExists(temp);
        }
    }

    /** Streams the body into {@code file}, counting bytes and hashing them on the way; returns the hex SHA-256. */
    private String fetch(Path file) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(CONNECT_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The download from " + uri + " was interrupted.", e);
        } catch (IOException e) {
            throw new IOException("The face-detector model could not be downloaded from " + uri + " ("
                    + OpenCvLibrary.oneLine(e) + ").", e);
        }
        MessageDigest digest = sha256Digest();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            if (response.statusCode() != 200) {
                throw new IOException("The server at " + uri + " answered HTTP " + response.statusCode() + " instead of the model file.");
            }
            if (declared > maxBytes) throw tooLarge(declared + " bytes");
            // HttpClient has no per-read timeout: closing the body from this thread ends a read that hangs.
            long stallNanos = readTimeout.toNanos();
            watchdog.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastProgress.get() > stallNanos && stalled.compareAndSet(false, true)) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // the reading thread reports the stall
                    }
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    lastProgress.set(System.nanoTime());
                    total += n;
                    if (total > maxBytes) throw tooLarge("more than " + maxBytes + " bytes");
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (stalled.get()) {
                    throw new IOException("The download from " + uri + " stalled for " + readTimeout.toSeconds() + " s and was abandoned.", e);
                }
                throw e;
            }
            if (stalled.get()) throw new IOException("The download from " + uri + " stalled for " + readTimeout.toSeconds() + " s and was abandoned.");
        } finally {
            watchdog.shutdownNow();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private IOException tooLarge(String size) {
        return new IOException("The server at " + uri + " sent " + size + ", more than the " + maxBytes
                + " bytes a YuNet model can have, so the download was refused.");
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The hex SHA-256 of a file. */
    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
