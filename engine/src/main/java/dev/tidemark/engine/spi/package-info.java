/**
 * For those who write sources or schema installers, not for users of pipelines: the
 * {@link dev.tidemark.engine.spi.ChangeSource} seam and what the pipeline gives a running source.
 */
package dev.tidemark.engine.spi;
