package org.facialkeypoints.data;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not what it claims to be; the message names the file, the line where known, and the problem. */
public class InvalidDataException extends IOException {

    public InvalidDataException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InvalidDataException(Path file, int line, String problem) {
        super(file + ", line " + line + ": " + problem);
    }

    public InvalidDataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
