package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ConfigException;
import org.junit.jupiter.api.Test;

class SourceNamesTest {

    private static PgLogicalSource.Builder builder() {
        return PgLogicalSource.builder().url("jdbc:postgresql://h/db").user("u").tables("public.orders");
    }

    @Test
    void slotAndPublicationDefaultToOneNameDerivedFromThePipeline() {
        PgSourceConfig config = builder().build().config();

        assertThat(PgSourceConfig.defaultName("shop")).isEqualTo("tidemark_shop");
        assertThat(config.slotFor("shop")).isEqualTo(PgSourceConfig.defaultName("shop"));
        assertThat(config.publicationFor("shop")).isEqualTo(PgSourceConfig.defaultName("shop"));
        assertThat(builder().slotName("s").publicationName("Pub_1").build().config().publicationFor("shop"))
                .isEqualTo("Pub_1");
    }

    @Test
    void publicationNamesArePlainIdentifiersOfAtMost63Characters() {
        assertThat(builder().publicationName("_" + "p".repeat(62)).build().config().publicationName()).isPresent();
        for (String bad : new String[] {"9pub", "pub-x", "", "p".repeat(64), "a b"}) {
            assertThatThrownBy(() -> builder().publicationName(bad)).isInstanceOf(ConfigException.class)
                    .hasMessage("publication name '" + bad + "' is invalid: use 1 to 63 letters, digits and"
                            + " underscores, not starting with a digit");
        }
    }
}
