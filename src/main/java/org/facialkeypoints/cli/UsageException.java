package org.facialkeypoints.cli;

/** A command line the program cannot act on; the message says what is wrong. */
public class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
