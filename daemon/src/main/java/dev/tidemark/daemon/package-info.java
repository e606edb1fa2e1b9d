/**
 * The runnable {@code tidemark} daemon: {@link dev.tidemark.daemon.Main} is its entry point.
 * Everything else lives in {@code dev.tidemark.daemon.internal} and its subpackages, which are not
 * an API and may change in any release.
 */
package dev.tidemark.daemon;
