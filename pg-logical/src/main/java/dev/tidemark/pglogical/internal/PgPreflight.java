package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.pglogical.PgSourceConfig;
import java.util.List;
import java.util.Optional;

/** Work in progress: preflight checks. */
public final class PgPreflight {
    public PgPreflight(PgSourceConfig config, String pipeline) {
    }

    public List<CheckResult> run(Optional<Position> resumeAfter) {
        throw new UnsupportedOperationException("not yet");
    }

    public SourceStatus inspect() {
        throw new UnsupportedOperationException("not yet");
    }
}
