package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.TidemarkException;

/** An event body does not have the layout its type and table map promise. Never retried blindly. */
final class BinlogFormatException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    BinlogFormatException(String message) {
        super(message);
    }

    BinlogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
