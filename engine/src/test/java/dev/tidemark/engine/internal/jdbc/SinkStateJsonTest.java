package dev.tidemark.engine.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class SinkStateJsonTest {

    @Property
    void anyMapOfStringsSurvivesTheRoundTrip(@ForAll @Size(max = 8) Map<String, String> states) {
        assertThat(SinkStateJson.read(SinkStateJson.write(states))).isEqualTo(states);
    }

    @Example
    void anEmptyMapIsStoredAsNull() {
        assertThat(SinkStateJson.write(Map.of())).isNull();
        assertThat(SinkStateJson.read(null)).isEmpty();
    }

    @Example
    void keysAreWrittenInOrderWithEscapes() {
        assertThat(SinkStateJson.write(Map.of("b", "line\nbreak", "a", "\"quoted\"")))
                .isEqualTo("{\"a\":\"\\\"quoted\\\"\",\"b\":\"line\\nbreak\"}");
    }

    @Example
    void rejectsWhatIsNotAFlatObjectOfStrings() {
        assertThatThrownBy(() -> SinkStateJson.read("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SinkStateJson.read("{\"a\": 1}")).hasMessageContaining("'a'");
        assertThatThrownBy(() -> SinkStateJson.read("{\"a\": \"x\"} {}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SinkStateJson.read("{\"a\": ")).isInstanceOf(IllegalArgumentException.class);
    }
}
