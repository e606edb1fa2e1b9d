package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.engine.ConfigException;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class ConfigPropertiesTest {

    @Property
    void anyUnknownPipelineKeyIsReportedWithItsPath(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String key) {
        Assume.that(!PipelinesSection.PIPELINE_KEYS.contains(key));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Yaml.parse(Yaml.pipeline(key + ": 1")));

        assertThat(e.problems()).singleElement().asString().startsWith("pipelines[0]." + key + ": unknown key (");
    }

    @Property
    void maxBatchEventsIsAcceptedExactlyInItsRange(@ForAll @IntRange(min = -5, max = 2_000_000) int n) {
        String yaml = Yaml.pipeline("max_batch_events: " + n + "\nqueue_capacity_events: 2000000");
        if (n >= 1 && n <= PipelinesSection.MAX_BATCH_EVENTS) {
            assertThat(Yaml.parse(yaml).pipelines().get(0).maxBatchEvents()).isEqualTo(n);
        } else {
            assertThat(catchThrowableOfType(ConfigException.class, () -> Yaml.parse(yaml)).problems())
                    .containsExactly("pipelines[0].max_batch_events: must be between 1 and 1000000, got " + n);
        }
    }

    @Property
    void aPasswordFromTheEnvironmentArrivesUnchangedAndNeverShows(
            @ForAll @StringLength(min = 5, max = 30) String password) {
        String yaml = Yaml.pipeline("").replace("password: s3cret", "password: ${PW}");
        TidemarkConfig baseline = Yaml.parse(yaml, Map.of("PW", "x"));
        // a "password" that happens to be part of the rendering (a user name, a url) would prove nothing
        Assume.that(!baseline.toString().contains(password)
                && !String.join("\n", EffectiveConfig.describe(baseline)).contains(password));

        TidemarkConfig config = Yaml.parse(yaml, Map.of("PW", password));

        assertThat(config.pipelines().get(0).source().database().password().reveal()).isEqualTo(password);
        assertThat(config.toString()).doesNotContain(password);
        assertThat(String.join("\n", EffectiveConfig.describe(config))).doesNotContain(password);
    }
}
