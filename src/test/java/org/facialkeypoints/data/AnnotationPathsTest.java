package org.facialkeypoints.data;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image paths in annotation files stay in the data folder; text encodings and odd lines read or fail cleanly. */
class AnnotationPathsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void reset() { DataPaths.allowOutside(false); }

    private Path data() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("data"));
        Files.copy(TestData.immFile("01-1m.jpg"), d.resolve("01-1m.jpg"));
        return d;
    }

    private Path outsideImage() throws IOException {
        Path o = Files.createDirectories(tmp.resolve("elsewhere")).resolve("secret.jpg");
        Files.copy(TestData.immFile("01-1m.jpg"), o);
        return o;
    }

    private static String xml(String file) {
        StringBuilder b = new StringBuilder("<dataset><images><image file='" + file + "'><box top='10' left='10' width='100' height='100'>");
        for (int i = 0; i < 3; i++) b.append("<part name='").append(i).append("' x='").append(20 + i).append("' y='30'/>");
        return b.append("</box></image></images></dataset>").toString();
    }

    private static void assertRefusedAlike(IOException a, IOException b, Path named) {
        assertEquals(a.getMessage().replace("secret.jpg", "X").replace("nothing.jpg", "X"),
                b.getMessage().replace("secret.jpg", "X").replace("nothing.jpg", "X"), "the message must not tell whether the file exists");
        assertTrue(a.getMessage().startsWith(named.toString()), a.getMessage());
        assertFalse(a.getMessage().contains("\n"));
    }

    @Test
    void xmlImagePathsCannotLeaveTheFolder() throws IOException {
        Path d = data();
        Path secret = outsideImage();
        Path x = d.resolve("faces.xml");
        for (String[] pair : new String[][] {{"../elsewhere/secret.jpg", "../elsewhere/nothing.jpg"},
                {secret.toString(), secret.resolveSibling("nothing.jpg").toString()}}) {
            Files.writeString(x, xml(pair[0]));
            IOException exists = assertThrows(IOException.class, () -> IbugXmlReader.read(x));
            Files.writeString(x, xml(pair[1]));
            IOException missing = assertThrows(IOException.class, () -> IbugXmlReader.read(x));
            assertRefusedAlike(exists, missing, x);
            assertTrue(exists.getMessage().contains("--allow-outside"), exists.getMessage());
        }
        // With the user's permission the outside image is read.
        Files.writeString(x, xml("../elsewhere/secret.jpg"));
        DataPaths.allowOutside(true);
        assertEquals(1, IbugXmlReader.read(x).dataset().size());
        DataPaths.allowOutside(false);
        // Inside paths, sub-folders and an absolute path inside are fine.
        Files.writeString(x, xml(d.resolve("01-1m.jpg").toString()));
        assertEquals(1, IbugXmlReader.read(x).dataset().size());
    }

    @Test
    void aSymbolicLinkLeavingTheFolderIsRefused() throws IOException {
        Path d = data();
        Path secret = outsideImage();
        Files.createSymbolicLink(d.resolve("link.jpg"), secret);
        Path x = d.resolve("faces.xml");
        Files.writeString(x, xml("link.jpg"));
        IOException e = assertThrows(IOException.class, () -> IbugXmlReader.read(x));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        // A .pts whose image beside it is such a link.
        Path pts = d.resolve("link.pts");
        Files.writeString(pts, "version: 1\nn_points: 1\n{\n10 10\n}\n");
        IOException p = assertThrows(IOException.class, () -> PtsReader.read(pts));
        assertTrue(p.getMessage().contains("outside"), p.getMessage());
    }

    private static String asf(String host) {
        StringBuilder b = new StringBuilder("3\n");
        for (int i = 0; i < 3; i++) b.append("0 4 0.5 0.5 ").append(i).append(" 0 1\n");
        return b.append(host).append('\n').toString();
    }

    @Test
    void asfHostLinesThatNameNoFileAreClearErrors() throws IOException {
        Path d = data();
        Path a = d.resolve("01-1m.asf");
        for (String host : new String[] {"/", "..", "  ", "dir/"}) {
            Files.writeString(a, asf(host));
            IOException e = assertThrows(IOException.class, () -> ImmAsfReader.read(a), host);
            assertTrue(e.getMessage().startsWith(a.toString()) && !e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains("looked for"), e.getMessage());
        }
    }

    @Test
    void byteOrderMarksAndUtf16Read() throws IOException {
        Path d = data();
        Path a = d.resolve("01-1m.asf");
        String text = asf("01-1m.jpg");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        for (byte[] content : new byte[][] {withBom, text.getBytes(StandardCharsets.UTF_16), text.getBytes(StandardCharsets.UTF_16LE),
                text.getBytes(StandardCharsets.UTF_16BE)}) {
            Files.write(a, content);
            assertEquals(3, ImmAsfReader.read(a).points().size());
        }
        Path pts = d.resolve("01-1m.pts");
        Files.write(pts, "version: 1\nn_points: 1\n{\n10 10\n}\n".getBytes(StandardCharsets.UTF_16));
        assertEquals(1, PtsReader.read(pts).points().size());
    }

    @Test
    void repeatedPartsAreRefused() throws IOException {
        Path d = data();
        Path x = d.resolve("faces.xml");
        Files.writeString(x, xml("01-1m.jpg").replace("name='2'", "name='1'"));
        IOException e = assertThrows(IOException.class, () -> IbugXmlReader.read(x));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void theContentOfAFileThatIsNoAnnotationIsNeverPrinted() throws IOException {
        Path d = data();
        String secret = "root:x:0:0:root:/root:/bin/bash";
        for (String name : new String[] {"notes.asf", "notes.pts"}) {
            Path f = d.resolve(name);
            Files.writeString(f, secret + "\n" + secret + "\n");
            IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(f));
            assertFalse(e.getMessage().contains("root"), e.getMessage());
        }
    }
}
