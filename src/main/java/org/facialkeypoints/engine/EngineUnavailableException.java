package org.facialkeypoints.engine;

/** The deep-learning engine could not start; the message is one sentence a user can act on. */
public class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
