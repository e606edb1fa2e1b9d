package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.engine.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void effectiveConfigNeverShowsPasswords() {
        TidemarkConfig config = Yaml.parse(Yaml.pipeline("checkpoint: {password: '${META_PW}'}"),
                Map.of("META_PW", "meta-pass-42"));

        String shown = config.toString();
        assertThat(shown).doesNotContain("s3cret").doesNotContain("meta-pass-42").contains("****");
        assertThat(config.pipelines().get(0).checkpoint().database().password().reveal()).isEqualTo("meta-pass-42");
        assertThat(EffectiveConfig.describe(config)).doesNotContain("s3cret").doesNotContain("meta-pass-42");
    }

    @Test
    void anEmptyPasswordShowsAsEmpty() {
        assertThat(Secret.of("").toString()).isEqualTo("(empty)");
        assertThat(Secret.of(null)).isSameAs(Secret.EMPTY);
    }

    @Test
    void aPasswordYamlReadAsANumberIsRefusedWithoutRepeatingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> Yaml.parse(Yaml.pipeline("").replace("password: s3cret", "password: 0123456")));

        assertThat(e.problems()).containsExactly(
                "pipelines[0].source.password: expected a string, got a number (put the value in quotes)");
        assertThat(e.getMessage()).doesNotContain("123456");
    }
}
