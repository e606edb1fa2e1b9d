package dev.tidemark.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each boundary rule fails on classes that break it, naming the offender, and passes on classes that
 * keep to it: the rules of {@link ModuleBoundariesTest} would catch a violation, not pass on anything.
 */
class BoundaryRulesTest {
    private static final Module ALPHA = new Module("alpha", "dev.tidemark.architecture.fixture.alpha");
    private static final Module BETA = new Module("beta", "dev.tidemark.architecture.fixture.beta");
    private static final Module GAMMA = new Module("gamma", "dev.tidemark.architecture.fixture.gamma");
    private static final Module FIXTURES = new Module("fixtures", "dev.tidemark.architecture.fixture.testing");
    private static final List<Module> ALL = List.of(ALPHA, BETA, GAMMA);
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("dev.tidemark.architecture.fixture");

    @Test
    void usingAnotherModulesInternalPackageIsAViolation() {
        EvaluationResult broken = BoundaryRules.noForeignInternals(BETA, ALL).evaluate(CLASSES);
        assertThat(broken.hasViolation()).isTrue();
        assertThat(broken.getFailureReport().toString()).contains("BetaReachesIntoAlpha").contains("AlphaSecret");

        assertThat(BoundaryRules.noForeignInternals(GAMMA, ALL).evaluate(CLASSES).hasViolation()).isFalse();
        // a module's own internals are its own to use
        assertThat(BoundaryRules.noForeignInternals(ALPHA, ALL).evaluate(CLASSES).hasViolation()).isFalse();
    }

    @Test
    void dependingOnAModuleNotAllowedIsAViolation() {
        EvaluationResult broken = BoundaryRules.dependsOnlyOn(ALPHA, ALL, Set.of()).evaluate(CLASSES);
        assertThat(broken.hasViolation()).isTrue();
        assertThat(broken.getFailureReport().toString()).contains("AlphaUsesBeta").contains("BetaReachesIntoAlpha");

        assertThat(BoundaryRules.dependsOnlyOn(GAMMA, ALL, Set.of(ALPHA)).evaluate(CLASSES).hasViolation()).isFalse();
        assertThat(BoundaryRules.dependsOnlyOn(GAMMA, ALL, Set.of()).evaluate(CLASSES).hasViolation()).isTrue();
    }

    @Test
    void dependingOnJUnitIsAViolation() {
        EvaluationResult broken = BoundaryRules.noTestCode(BETA, FIXTURES).evaluate(CLASSES);
        assertThat(broken.hasViolation()).isTrue();
        assertThat(broken.getFailureReport().toString()).contains("BetaShipsJUnit").contains("org.junit");

        assertThat(BoundaryRules.noTestCode(GAMMA, FIXTURES).evaluate(CLASSES).hasViolation()).isFalse();
    }

    @Test
    void aClassOutsideItsModulesRootIsAViolation() {
        assertThat(BoundaryRules.livesUnderItsRoot(ALPHA).evaluate(CLASSES).getFailureReport().toString())
                .contains("BetaReachesIntoAlpha");
    }
}
