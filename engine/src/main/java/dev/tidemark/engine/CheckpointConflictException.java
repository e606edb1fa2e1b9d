package dev.tidemark.engine;

/**
 * The stored checkpoint and the source disagree in a way that means changes may be missing: the
 * replication slot vanished, or it was advanced past the checkpoint by another consumer. Tidemark
 * stops rather than continue with a gap; the message says how to recover.
 */
public final class CheckpointConflictException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public CheckpointConflictException(String message) {
        super(message);
    }
}
