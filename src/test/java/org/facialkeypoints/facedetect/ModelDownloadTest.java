package org.facialkeypoints.facedetect;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDownloadTest {

    private static LocalModelServer server;
    private static byte[] model;

    @BeforeAll
    static void start() throws IOException {
        model = Files.readAllBytes(TestData.yunet());
        server = new LocalModelServer(model);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ModelDownload from(String path) {
        return new ModelDownload(server.uri(path), FaceDetectorModel.SHA256, FaceDetectorModel.MAX_BYTES, Duration.ofSeconds(1));
    }

    @Test
    void theRealFileLandsInTheFolderUnderItsName(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache").resolve("models");
        Path got = from("/model").downloadInto(cache, FaceDetectorModel.FILE_NAME);
        assertEquals(cache.resolve(FaceDetectorModel.FILE_NAME), got);
        assertArrayEquals(model, Files.readAllBytes(got));
        assertEquals(FaceDetectorModel.SHA256, ModelDownload.sha256Of(got));
        assertEquals(List.of(got), files(cache), "no temporary file left beside it");
    }

    @Test
    void followsRedirectsAndReplacesABadCopy(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve(FaceDetectorModel.FILE_NAME), new byte[] {1, 2, 3});
        Path got = from("/redirect").downloadInto(dir, FaceDetectorModel.FILE_NAME);
        assertArrayEquals(model, Files.readAllBytes(got));
        assertEquals(List.of(got), files(dir));
    }

    @Test
    void aCorruptedCopyIsRefusedAndNothingIsLeft(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> from("/corrupt").downloadInto(dir, FaceDetectorModel.FILE_NAME));
        String m = e.getMessage();
        assertTrue(m.contains(FaceDetectorModel.SHA256) && m.contains(ModelDownload.sha256Of(corruptCopy(dir))), m);
        assertFalse(m.contains("\n"), m);
        Files.delete(dir.resolve("corrupt"));
        assertEquals(List.of(), files(dir));
    }

    @Test
    void moreThanTenMegabytesAreRefused(@TempDir Path dir) throws IOException {
        for (String path : List.of("/huge", "/huge-declared")) {
            IOException e = assertThrows(IOException.class, () -> from(path).downloadInto(dir, FaceDetectorModel.FILE_NAME));
            assertTrue(e.getMessage().contains("more than") && e.getMessage().contains("refused"), e.getMessage());
            assertEquals(List.of(), files(dir), path);
        }
    }

    @Test
    void aStalledOrMissingDownloadEndsWithAMessage(@TempDir Path dir) throws IOException {
        long t0 = System.nanoTime();
        IOException stall = assertThrows(IOException.class, () -> from("/stall").downloadInto(dir, FaceDetectorModel.FILE_NAME));
        assertTrue(stall.getMessage().contains("stalled"), stall.getMessage());
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "the 1 s stall timeout ended it before the server's 5 s pause");
        IOException missing = assertThrows(IOException.class, () -> from("/missing").downloadInto(dir, FaceDetectorModel.FILE_NAME));
        assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
        assertEquals(List.of(), files(dir));
    }

    private static Path corruptCopy(Path dir) throws IOException {
        byte[] c = model.clone();
        c[c.length / 2] ^= 1;
        return Files.write(dir.resolve("corrupt"), c);
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
