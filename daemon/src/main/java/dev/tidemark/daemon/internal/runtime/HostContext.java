package dev.tidemark.daemon.internal.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What a {@link SectionHost} may use: the components parts are made of, the open checkpoint
 * databases, the clock, the meter registry behind {@code /metrics}, and the hook a part calls when
 * it stopped by itself (with its label).
 */
public record HostContext(Components components, CheckpointDatabases checkpoints, Clock clock, MeterRegistry meters,
                          Consumer<String> onPartStopped) {
}
