package io.sparklm.cli;

/** The input data cannot give the result asked (exit code {@link ExitCodes#BAD_DATA}); the message names why. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
