package dev.tidemark.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries a maintainer can trust, checked on every module's compiled classes; a
 * violation fails the build with the offending class, member and line. What the rules say is in
 * {@link BoundaryRules}; which module may use which is in {@link TidemarkModules#ALLOWED}.
 */
class ModuleBoundariesTest {

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        List<String> violations = new ArrayList<>();
        for (Module m : TidemarkModules.ALL) {
            ArchRule rule = BoundaryRules.noForeignInternals(m, TidemarkModules.ALL);
            collect(violations, rule, TidemarkModules.mainClasses(m));
            // tests too: a test that reaches into another module's internals pins what is not API
            if (TidemarkModules.hasTests(m)) {
                collect(violations, rule, TidemarkModules.testClasses(m));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void dependenciesPointInwardToTheEngine() {
        assertThat(TidemarkModules.ALLOWED.keySet()).containsExactlyInAnyOrderElementsOf(TidemarkModules.ALL);
        List<String> violations = forEachModule(TidemarkModules.ALL, m -> BoundaryRules.dependsOnlyOn(m,
                TidemarkModules.ALL, TidemarkModules.ALLOWED.get(m)));
        assertThat(violations).isEmpty();
    }

    @Test
    void noShippedClassDependsOnJUnitOrTheTestFixtures() {
        List<String> violations = forEachModule(TidemarkModules.SHIPPED,
                m -> BoundaryRules.noTestCode(m, TidemarkModules.TESTING));
        assertThat(violations).isEmpty();
    }

    @Test
    void everyModulesClassesLiveUnderItsPackageRoot() {
        List<String> violations = forEachModule(TidemarkModules.ALL, BoundaryRules::livesUnderItsRoot);
        assertThat(violations).isEmpty();
    }

    private static List<String> forEachModule(List<Module> modules, Function<Module, ArchRule> rule) {
        List<String> violations = new ArrayList<>();
        for (Module m : modules) {
            collect(violations, rule.apply(m), TidemarkModules.mainClasses(m));
        }
        return violations;
    }

    private static void collect(List<String> violations, ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        if (result.hasViolation()) {
            violations.add(result.getFailureReport().toString());
        }
    }
}
