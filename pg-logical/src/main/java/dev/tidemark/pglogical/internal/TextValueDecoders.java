package dev.tidemark.pglogical.internal;

/** Placeholder until typed decoding lands: every value as its text. */
final class TextValueDecoders implements ValueDecoders {
    @Override
    public TextDecoder decoderFor(int typeOid) {
        return text -> text;
    }
}
