package dev.tidemark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void passwordParametersAreMaskedWhereverTheyStand() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/shop?user=cdc&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/shop?user=cdc&password=****&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:mariadb://db/shop?Password=s3cret"))
                .isEqualTo("jdbc:mariadb://db/shop?Password=****");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/x?sslpassword=k&sslmode=require&password="))
                .isEqualTo("jdbc:postgresql://db/x?sslpassword=****&sslmode=require&password=****");
        assertThat(JdbcUrls.redact("jdbc:mysql://db/x;pwd=a;user=u")).isEqualTo("jdbc:mysql://db/x;pwd=****;user=u");
    }

    @Test
    void thePasswordOfAUserInfoPartIsMasked() {
        assertThat(JdbcUrls.redact("jdbc:mysql://cdc:s3cret@db:3306/shop"))
                .isEqualTo("jdbc:mysql://cdc:****@db:3306/shop");
        assertThat(JdbcUrls.redact("jdbc:mariadb://cdc@db/shop")).isEqualTo("jdbc:mariadb://cdc@db/shop");
    }

    @Test
    void aUrlWithoutSecretsIsUnchanged() {
        String url = "jdbc:postgresql://127.0.0.1:5432/shop?user=cdc&passwordless=no&ApplicationName=tidemark";
        assertThat(JdbcUrls.redact(url)).isEqualTo(url);
    }

    @Property
    void noPasswordSurvivesRedaction(@ForAll @AlphaChars @NumericChars @StringLength(min = 6, max = 30) String secret,
                                     @ForAll boolean inUserInfo) {
        String url = inUserInfo
                ? "jdbc:mysql://cdc:" + secret + "@db:3306/shop?ssl=true"
                : "jdbc:postgresql://db:5432/shop?user=cdc&password=" + secret + "&ssl=true";
        String shown = JdbcUrls.redact(url);
        assertThat(shown).doesNotContain(":" + secret + "@").doesNotContain("=" + secret)
                .contains(JdbcUrls.MASK).contains("db");
    }
}
