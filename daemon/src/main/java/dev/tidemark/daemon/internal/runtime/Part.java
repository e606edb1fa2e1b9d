package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.engine.Pipeline;
import java.util.Optional;

/**
 * One running unit of a section (a pipeline; later a view, an outbox), as {@link DaemonRuntime}
 * hosts it: built by its {@link SectionHost}, then started, watched, and stopped gracefully with
 * every other part. A part that stops by itself (it failed) calls the stop hook its host was given,
 * and the runtime then stops the others.
 */
public interface Part {

    /** Its name, unique in its section. */
    String name();

    /** Begins its work in the background; throws when it cannot start. Called once. */
    void start();

    /** Its state and progress, for {@code /health} and the failure report; cheap, any thread. */
    PartStatus status();

    /** Finishes the work in hand, stores its progress and returns; safe to call more than once, also unstarted. */
    void stop();

    /** The pipeline behind this part, when it is one: for the demo's live line. */
    default Optional<Pipeline> pipeline() {
        return Optional.empty();
    }
}
