package dev.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultLineTest {

    @Test
    void aFormattedLineParsesBackToItsFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reader", "tidemark");
        fields.put("events", 1_000_000L);
        fields.put("seconds", "4.850");
        String line = ResultLine.format(fields);
        assertThat(line).isEqualTo("RESULT reader=tidemark events=1000000 seconds=4.850");
        ResultLine parsed = ResultLine.parse(line).orElseThrow();
        assertThat(parsed.get("reader")).isEqualTo("tidemark");
        assertThat(parsed.number("events")).isEqualTo(1_000_000);
        assertThat(parsed.number("seconds")).isEqualTo(4.85);
    }

    @Test
    void otherLinesAreNotResults() {
        assertThat(ResultLine.parse("READY")).isEmpty();
        assertThat(ResultLine.parse("20:40:01 WARN something RESULT x=1")).isEmpty();
        assertThat(ResultLine.parse(null)).isEmpty();
    }

    @Test
    void aValueWithWhitespaceCannotBeFormatted() {
        assertThatThrownBy(() -> ResultLine.format(Map.of("reader", "two words")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reader");
    }

    @Test
    void aMissingFieldIsNamed() {
        ResultLine r = ResultLine.parse("RESULT events=1").orElseThrow();
        assertThatThrownBy(() -> r.get("rss_mib")).hasMessageContaining("rss_mib");
    }
}
