package dev.tidemark.pglogical.internal;

/** Turns a column's text form into its Java value; one decoder per column, chosen once per relation. */
interface ValueDecoders {

    /** A decoder for values of the given type; never null (unknown types decode to their text). */
    TextDecoder decoderFor(int typeOid);

    @FunctionalInterface
    interface TextDecoder {
        Object decode(String text);
    }
}
