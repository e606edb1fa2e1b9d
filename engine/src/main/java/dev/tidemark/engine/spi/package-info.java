/**
 * For those who write sources or schema installers, not for users of pipelines: the
 * {@link dev.tidemark.engine.spi.ChangeSource} seam, what the pipeline gives a running source, and
 * the {@link dev.tidemark.engine.spi.Reconnector} every source reconnects with.
 */
package dev.tidemark.engine.spi;
