package org.facialkeypoints.facedetect;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLocatorTest {

    /** A download that must not happen: the port is closed, so an attempt fails the test loudly. */
    private static final ModelDownload NO_DOWNLOAD = new ModelDownload(java.net.URI.create("http://127.0.0.1:9/none"),
            FaceDetectorModel.SHA256, FaceDetectorModel.MAX_BYTES, Duration.ofSeconds(1));

    private static Path copy(Path folder) throws IOException {
        Files.createDirectories(folder);
        return Files.copy(TestData.yunet(), folder.resolve(FaceDetectorModel.FILE_NAME));
    }

    private static Path corrupt(Path folder) throws IOException {
        Files.createDirectories(folder);
        byte[] b = Files.readAllBytes(TestData.yunet());
        b[100] ^= 1;
        return Files.write(folder.resolve(FaceDetectorModel.FILE_NAME), b);
    }

    @Test
    void firstHitWinsInTheDocumentedOrder(@TempDir Path dir) throws IOException {
        Path explicit = copy(dir.resolve("explicit")), prop = copy(dir.resolve("prop")), envFile = copy(dir.resolve("env"));
        Path models = copy(dir.resolve("models")).getParent();
        Path cache = copy(dir.resolve("xdg").resolve("facial-keypoints").resolve("models")).getParent();
        Path fiji = copy(dir.resolve("Fiji.app").resolve("models")).getParent();
        Map<String, String> env = new HashMap<>(Map.of(ModelLocator.ENV, envFile.toString(),
                ModelLocator.MODELS_ENV, models.toString(), "XDG_CACHE_HOME", dir.resolve("xdg").toString()));
        Properties props = new Properties();
        props.setProperty(ModelLocator.PROPERTY, prop.toString());
        props.setProperty("user.home", dir.resolve("home").toString());
        props.setProperty("fiji.dir", dir.resolve("Fiji.app").toString());

        assertEquals(explicit, new ModelLocator(env, props, NO_DOWNLOAD).locate(explicit, true));
        assertEquals(prop, new ModelLocator(env, props, NO_DOWNLOAD).locate(null, true));
        props.remove(ModelLocator.PROPERTY);
        assertEquals(envFile, new ModelLocator(env, props, NO_DOWNLOAD).locate(null, true));
        env.remove(ModelLocator.ENV);
        assertEquals(models.resolve(FaceDetectorModel.FILE_NAME), new ModelLocator(env, props, NO_DOWNLOAD).locate(null, true));
        env.remove(ModelLocator.MODELS_ENV);
        assertEquals(cache.resolve(FaceDetectorModel.FILE_NAME), new ModelLocator(env, props, NO_DOWNLOAD).locate(null, true));
        Files.delete(cache.resolve(FaceDetectorModel.FILE_NAME));
        assertEquals(fiji.resolve(FaceDetectorModel.FILE_NAME), new ModelLocator(env, props, NO_DOWNLOAD).locate(null, true));
    }

    @Test
    void theCacheIsUnderXdgOrTheHomeFolder(@TempDir Path dir) {
        Properties props = new Properties();
        props.setProperty("user.home", dir.toString());
        Path home = dir.resolve(".cache").resolve("facial-keypoints").resolve("models");
        assertEquals(home, new ModelLocator(Map.of(), props).cacheFolder());
        // The XDG spec: a relative XDG_CACHE_HOME is ignored.
        assertEquals(home, new ModelLocator(Map.of("XDG_CACHE_HOME", "relative/cache"), props).cacheFolder());
        assertEquals(dir.resolve("x").resolve("facial-keypoints").resolve("models"),
                new ModelLocator(Map.of("XDG_CACHE_HOME", dir.resolve("x").toString()), props).cacheFolder());
        props.setProperty("ij.dir", dir.resolve("ImageJ").toString());
        assertEquals(List.of(home, dir.resolve("ImageJ").resolve("models")), new ModelLocator(Map.of(), props).searchFolders());
    }

    @Test
    void offlineItRefusesInOneSentenceNamingTheFolders(@TempDir Path dir) {
        Properties props = new Properties();
        props.setProperty("user.home", dir.resolve("home").toString());
        props.setProperty("fiji.dir", dir.resolve("Fiji.app").toString());
        Path cache = dir.resolve("home").resolve(".cache").resolve("facial-keypoints").resolve("models");
        FaceDetectorUnavailableException e = assertThrows(FaceDetectorUnavailableException.class,
                () -> new ModelLocator(Map.of(), props, NO_DOWNLOAD).locate(null, true));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("into " + cache) && m.contains(dir.resolve("Fiji.app").resolve("models").toString()), m);
        assertTrue(m.contains(FaceDetectorModel.URL) && m.contains("downloads are off"), m);
        assertEquals(1, m.split("\\. ").length, "one sentence: " + m);
        // DJL's offline switch counts too.
        props.setProperty(ModelLocator.DJL_OFFLINE, "true");
        assertThrows(FaceDetectorUnavailableException.class, () -> new ModelLocator(Map.of(), props, NO_DOWNLOAD).locate(null, false));
    }

    @Test
    void aCachedCopyWithTheWrongHashIsNotUsed(@TempDir Path dir) throws IOException {
        Properties props = new Properties();
        props.setProperty("user.home", dir.toString());
        Path bad = corrupt(new ModelLocator(Map.of(), props).cacheFolder());
        FaceDetectorUnavailableException e = assertThrows(FaceDetectorUnavailableException.class,
                () -> new ModelLocator(Map.of(), props, NO_DOWNLOAD).locate(null, true));
        assertTrue(e.getMessage().contains("passing over " + bad), e.getMessage());
        // A good copy further down the list is found instead.
        props.setProperty("fiji.dir", dir.resolve("Fiji.app").toString());
        Path good = copy(dir.resolve("Fiji.app").resolve("models"));
        assertEquals(good, new ModelLocator(Map.of(), props, NO_DOWNLOAD).locate(null, true));
    }

    @Test
    void aBadCachedCopyIsReplacedByADownload(@TempDir Path dir) throws IOException {
        Properties props = new Properties();
        props.setProperty("user.home", dir.toString());
        Path bad = corrupt(new ModelLocator(Map.of(), props).cacheFolder());
        try (LocalModelServer server = new LocalModelServer(Files.readAllBytes(TestData.yunet()))) {
            ModelDownload local = new ModelDownload(server.uri("/model"), FaceDetectorModel.SHA256, FaceDetectorModel.MAX_BYTES, Duration.ofSeconds(5));
            Path got = new ModelLocator(Map.of(), props, local).locate(null, false);
            assertEquals(bad, got);
            assertArrayEquals(Files.readAllBytes(TestData.yunet()), Files.readAllBytes(got));
            ModelDownload corrupted = new ModelDownload(server.uri("/corrupt"), FaceDetectorModel.SHA256, FaceDetectorModel.MAX_BYTES, Duration.ofSeconds(5));
            Properties elsewhere = new Properties();
            elsewhere.setProperty("user.home", dir.resolve("other").toString());
            FaceDetectorUnavailableException e = assertThrows(FaceDetectorUnavailableException.class,
                    () -> new ModelLocator(Map.of(), elsewhere, corrupted).locate(null, false));
            assertTrue(e.getMessage().contains("download failed") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aFileTheUserNamesMustExistButMayBeAnotherExport(@TempDir Path dir) throws IOException {
        Properties props = new Properties();
        props.setProperty("user.home", dir.toString());
        ModelLocator locator = new ModelLocator(Map.of(), props, NO_DOWNLOAD);
        Path missing = dir.resolve("nothing.onnx");
        FaceDetectorUnavailableException e = assertThrows(FaceDetectorUnavailableException.class, () -> locator.locate(missing, true));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Path other = TestData.models().resolve("yunet").resolve("yunet_n_320_320.onnx");
        assertEquals(other, locator.locate(other, true));
        try (YuNetFaceDetector d = YuNetFaceDetector.open(other, DetectorSettings.DEFAULT)) {
            assertEquals(1, d.detect(org.facialkeypoints.image.ImageFiles.readGray(TestData.immFile("01-1m.jpg"))).faces().size());
        }
        Path big = Files.write(dir.resolve("big.onnx"), new byte[(int) FaceDetectorModel.MAX_BYTES + 1]);
        assertThrows(FaceDetectorUnavailableException.class, () -> locator.locate(big, true));
    }
}
