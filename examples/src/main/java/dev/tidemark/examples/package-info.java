/** Small runnable programs to copy from; each is run by a test against a real server. */
package dev.tidemark.examples;
