package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseNamesTest {

    static class Weird$Name_With_A_Very_Long_Name_That_Goes_On_And_On_Past_The_Limit {
    }

    @Test
    void namesAreLowerCaseIdentifiersWithARandomSuffix() {
        String a = DatabaseExtension.databaseNameFor(Weird$Name_With_A_Very_Long_Name_That_Goes_On_And_On_Past_The_Limit.class);
        String b = DatabaseExtension.databaseNameFor(Weird$Name_With_A_Very_Long_Name_That_Goes_On_And_On_Past_The_Limit.class);

        assertThat(a).matches("[a-z][a-z0-9_]*").hasSizeLessThanOrEqualTo(49).startsWith("weird_name_with_a_very_long_name_that_go");
        assertThat(a).isNotEqualTo(b);
    }
}
