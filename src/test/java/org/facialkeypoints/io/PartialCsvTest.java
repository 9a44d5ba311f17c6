package org.facialkeypoints.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartialCsvTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptedTableKeepsItsRowsAndAResumeRedoesOnlyTheLastImage() throws IOException {
        Path csv = dir.resolve("points.csv");
        PartialCsv first = PartialCsv.open(csv, "image,x", false);
        first.append("a.jpg,1\na.jpg,2\n");
        first.append("\"b,c.jpg\",3\n");
        first.append("d.jpg,4\nd.jpg,5\n");
        first.close();
        assertFalse(Files.exists(csv), "no table under the final name until the run completes");
        // A kill in the middle of a write leaves a cut line.
        Files.writeString(PartialCsv.partialOf(csv), Files.readString(PartialCsv.partialOf(csv)) + "e.jpg,");
        PartialCsv again = PartialCsv.open(csv, "image,x", true);
        assertTrue(again.done("a.jpg") && again.done("b,c.jpg"));
        assertFalse(again.done("d.jpg"), "the last image may be incomplete: done again");
        assertFalse(again.done("e.jpg"));
        again.append("d.jpg,4\nd.jpg,5\n");
        again.finish();
        assertEquals("image,x\na.jpg,1\na.jpg,2\n\"b,c.jpg\",3\nd.jpg,4\nd.jpg,5\n", Files.readString(csv));
        assertFalse(Files.exists(PartialCsv.partialOf(csv)));
    }

    @Test
    void aPartialFileWithOtherColumnsIsNotContinued() throws IOException {
        Path csv = dir.resolve("points.csv");
        Files.writeString(PartialCsv.partialOf(csv), "image,x,confidence\na.jpg,1,0.5\n");
        IOException e = assertThrows(IOException.class, () -> PartialCsv.open(csv, "image,x", true));
        assertTrue(e.getMessage().contains("other columns") && !e.getMessage().contains("\n"), e.getMessage());
        PartialCsv fresh = PartialCsv.open(csv, "image,x", false);
        fresh.finish();
        assertEquals("image,x\n", Files.readString(csv), "without --resume the old rows are not kept");
    }
}
