package dev.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnchorHarnessTest {

    @Test
    void theHarnessRowsBecomeMeasurementsAndEverythingElseIsSkipped() {
        List<String> output = List.of(
                "tool                       work    events   seconds   events/s  rss_mib",
                "pg_recvlogical             W1     1000000      6.90     144928        -",
                "pgjdbc-raw                 W1     1000000      5.68     176056      284",
                "some chatter from maven",
                "debezium-embedded          W2      750000     19.89      37707     1560");
        List<Measurement> rows = AnchorHarness.parse(2, output);
        assertThat(rows).extracting(Measurement::reader)
                .containsExactly("anchor:pg_recvlogical", "anchor:pgjdbc-raw", "anchor:debezium-embedded");
        assertThat(rows.get(0).rssMib()).isEqualTo(-1);
        assertThat(rows.get(0).cpuSeconds()).isEqualTo(-1);
        assertThat(rows.get(1).eventsPerSecond()).isEqualTo(176056);
        assertThat(rows.get(2).workload()).isEqualTo("W2");
        assertThat(rows.get(2).events()).isEqualTo(750_000);
        assertThat(rows).allSatisfy(m -> assertThat(m.run()).isEqualTo(2));
    }
}
