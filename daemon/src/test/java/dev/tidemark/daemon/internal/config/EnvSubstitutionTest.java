package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.engine.ConfigException;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private final EnvSubstitution env = new EnvSubstitution(Map.of("HOST", "db", "EMPTY", "", "PW", "p$w{rd}")::get);

    @Test
    void replacesVariablesAnywhereInAValue() throws Exception {
        assertThat(env.apply("jdbc:postgresql://${HOST}:5432/${HOST}_x")).isEqualTo("jdbc:postgresql://db:5432/db_x");
    }

    @Test
    void defaultAppliesWhenUnsetOrEmpty() throws Exception {
        assertThat(env.apply("${NOPE:-fallback}")).isEqualTo("fallback");
        assertThat(env.apply("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(env.apply("${HOST:-fallback}")).isEqualTo("db");
        assertThat(env.apply("${NOPE:-}")).isEmpty();
        assertThat(env.apply("${EMPTY}")).isEmpty();
    }

    @Test
    void substitutedTextIsNotSubstitutedAgain() throws Exception {
        assertThat(env.apply("${PW}")).isEqualTo("p$w{rd}");
        assertThat(env.apply("${NOPE:-$HOST}")).isEqualTo("$HOST");
    }

    @Test
    void doubleDollarBraceIsALiteral() throws Exception {
        assertThat(env.apply("$${HOST}")).isEqualTo("${HOST}");
        assertThat(env.apply("a$b$$c")).isEqualTo("a$b$$c");
    }

    @Test
    void malformedReferencesAreRefused() {
        assertThatThrownBy(() -> env.apply("${HOST")).hasMessage("'${' without a closing '}' (write $${ for a literal ${)");
        assertThatThrownBy(() -> env.apply("${1X}")).hasMessageStartingWith("'${1X}' is not a valid variable reference");
        assertThatThrownBy(() -> env.apply("${}")).hasMessageStartingWith("'${}' is not a valid variable reference");
    }

    /** Escaping every "${" as "$${" gives back the original text, whatever it holds. */
    @Property
    void escapedTextComesBackUnchanged(@ForAll @Chars({'$', '{', '}', ':', '-'}) @CharRange(from = 'a', to = 'c')
                                       @StringLength(max = 30) String text) throws Exception {
        assertThat(env.apply(text.replace("${", "$${"))).isEqualTo(text);
    }

    @Property
    void textWithoutADollarIsUntouched(@ForAll @StringLength(max = 40) String text) throws Exception {
        String noDollar = text.replace("$", "");
        assertThat(env.apply(noDollar)).isEqualTo(noDollar);
    }

    @Test
    void unsetVariableInTheConfigNamesTheKeyAndTheVariable() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> Yaml.parse(Yaml.pipeline("").replace("password: s3cret", "password: ${PGPASSWORD}"), Map.of()));

        assertThat(e.problems()).containsExactly("pipelines[0].source.password: environment variable PGPASSWORD is"
                + " not set: set it, or give a default with ${PGPASSWORD:-default}");
    }

    @Test
    void typedValuesMayComeFromVariables() {
        PipelineConfig p = Yaml.parse(Yaml.pipeline("""
                max_batch_events: ${BATCH}
                handler_retry: {initial_backoff: '${BACKOFF:-2s}', multiplier: '${MULT}'}
                """).replace("password: s3cret", "password: ${PW}\n      drop_slot_on_stop: ${DROP}"),
                Map.of("BATCH", "250", "MULT", "3", "DROP", "true", "PW", "from-env")).pipelines().get(0);

        assertThat(p.maxBatchEvents()).isEqualTo(250);
        assertThat(p.handlerRetry().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.handlerRetry().multiplier()).isEqualTo(3.0);
        assertThat(((PostgresSourceKind.Config) p.source()).dropSlotOnStop()).isTrue();
        assertThat(p.source().database().password().reveal()).isEqualTo("from-env");
    }

    @Test
    void tableListItemsAreSubstituted() {
        PipelineConfig p = Yaml.parse(Yaml.pipeline("").replace("public.customers]", "'${SCHEMA}.customers']"),
                Map.of("SCHEMA", "sales")).pipelines().get(0);

        assertThat(((PostgresSourceKind.Config) p.source()).tables()).containsExactly("public.orders", "sales.customers");
    }

    @Test
    void keysAreNotSubstituted() {
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> Yaml.parse("${KEY}: 1\n" + Yaml.pipeline(""), Map.of("KEY", "http"))).problems())
                .singleElement().asString().startsWith("${KEY}: unknown key");
    }

    @Test
    void aBadVariableValueIsReportedLikeAWrittenOne() {
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> Yaml.parse(Yaml.pipeline("max_batch_events: ${BATCH}"), Map.of("BATCH", "lots"))).problems())
                .containsExactly("pipelines[0].max_batch_events: expected an integer, got 'lots'");
    }
}
