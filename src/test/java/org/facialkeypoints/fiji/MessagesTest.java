package org.facialkeypoints.fiji;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a command says when memory or a native library fails it: one sentence that says what to do. */
class MessagesTest {

    @Test
    void errorsBeyondExceptionsGetOneSentence() {
        String oom = Messages.of(new OutOfMemoryError("Java heap space"));
        assertTrue(oom.startsWith("Out of memory (Java heap space)") && oom.contains("Memory & Threads"), oom);
        String link = Messages.of(new UnsatisfiedLinkError("no djl_torch in java.library.path"));
        assertTrue(link.contains("UnsatisfiedLinkError: no djl_torch") && link.contains("README"), link);
        assertEquals("model.zip: not a model bundle", Messages.of(new IOException("model.zip: not a model bundle")));
    }
}
