package dev.tidemark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.Collection;
import java.util.Set;

/**
 * The module rules, built for any set of modules so that a test can show each one failing on classes
 * that break it. {@link ModuleBoundariesTest} applies them to Tidemark's own modules.
 */
final class BoundaryRules {
    private BoundaryRules() {
    }

    /** No class of {@code owner} uses another module's {@code internal} packages. */
    static ArchRule noForeignInternals(Module owner, Collection<Module> all) {
        String[] foreign = all.stream().filter(m -> !m.equals(owner)).map(Module::internalPackages).toArray(String[]::new);
        return noClasses().that().resideInAPackage(owner.packages())
                .should().dependOnClassesThat().resideInAnyPackage(foreign)
                .because("a module's internal packages are its own: another module uses its public API, and"
                        + " what it needs and lacks is added there");
    }

    /** The classes of {@code owner} depend on no module of {@code all} but {@code allowed} (and itself). */
    static ArchRule dependsOnlyOn(Module owner, Collection<Module> all, Set<Module> allowed) {
        String[] forbidden = all.stream().filter(m -> !m.equals(owner) && !allowed.contains(m)).map(Module::packages)
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(owner.packages())
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("dependencies point inward: " + owner + " may use " + (allowed.isEmpty() ? "no other module"
                        : allowed.stream().map(Module::toString).sorted().toList()));
    }

    /** No class of {@code owner} depends on JUnit or on the test fixtures of {@code testing}. */
    static ArchRule noTestCode(Module owner, Module testing) {
        return noClasses().that().resideInAPackage(owner.packages())
                .should().dependOnClassesThat().resideInAnyPackage("org.junit..", testing.packages())
                .because("test code stays out of what ships: " + owner + "'s main classes are in its jar");
    }

    /** Every class compiled in a module's directory lives under its package root, so the rules see all of it. */
    static ArchRule livesUnderItsRoot(Module owner) {
        return classes().should().resideInAPackage(owner.packages())
                .because("the boundary rules know a module by its package root");
    }
}
