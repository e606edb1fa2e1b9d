package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The last string written in one place, encoded once while it repeats. Invariant: {@link #of}
 * returns the encoding of exactly the string it was given. One thread.
 */
final class LastText {
    private String value;
    private SerializableString text;

    SerializableString of(String s) {
        // equals is an identity check for the events of one transaction, which share the instances
        if (!s.equals(value)) {
            value = s;
            text = new SerializedString(s);
        }
        return text;
    }
}
