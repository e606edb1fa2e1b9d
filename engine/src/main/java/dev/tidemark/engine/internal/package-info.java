/**
 * Implementation of the engine: the pipeline runner, its queue, checkpoint SQL per vendor.
 * Not an API: anything here may change without notice.
 */
package dev.tidemark.engine.internal;
