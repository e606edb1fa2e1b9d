package dev.tidemark.engine.internal.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Sink states as a flat JSON object of sink id to state string, keys sorted; no state is SQL NULL. */
public final class SinkStateJson {
    private static final JsonFactory JSON = new JsonFactory();

    private SinkStateJson() {
    }

    /** The JSON text, or null for an empty map. */
    public static String write(Map<String, String> states) {
        if (states.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(states).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Parses what {@link #write} produced; null or blank is the empty map.
     *
     * @throws IllegalArgumentException when the text is not a JSON object of strings
     */
    public static Map<String, String> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Map<String, String> states = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("sink states are not a JSON object: " + abbreviate(json));
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("sink state '" + key + "' is not a JSON string: " + abbreviate(json));
                }
                states.put(key, p.getText());
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("sink states are not one flat JSON object: " + abbreviate(json));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("sink states are not valid JSON (" + e.getMessage() + "): "
                    + abbreviate(json), e);
        }
        return Collections.unmodifiableMap(states);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
