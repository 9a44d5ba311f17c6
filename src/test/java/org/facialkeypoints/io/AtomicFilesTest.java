package org.facialkeypoints.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    /** Outputs get what any new file gets under the user's umask, not the owner-only 0600 of a temporary file. */
    @Test
    void newOutputsGetTheUmasksPermissionsAndReplacedOnesKeepTheirs() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(plain);
        Path out = dir.resolve("points.csv");
        AtomicFiles.writeString(out, "a\n");
        assertEquals(umask, Files.getPosixFilePermissions(out), "as a plain new file");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicFiles.writeString(out, "b\n");
        assertEquals(PosixFilePermissions.fromString("rw-rw-r--"), Files.getPosixFilePermissions(out), "a replaced file keeps its own");
        assertEquals("b\n", Files.readString(out));
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
    }

    @Test
    void anUnwritableFolderIsOneSentenceBeforeAnyWork() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> AtomicFiles.checkWritable(Path.of("/proc/no-such-folder/model.zip")));
        assertTrue(e.getMessage().startsWith("Cannot write to the folder /proc/no-such-folder") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
