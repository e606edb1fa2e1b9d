package dev.tidemark.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/** Tidemark's modules, which may use which, and their compiled classes. */
final class TidemarkModules {
    static final Module ENGINE = new Module("engine", "dev.tidemark.engine");
    static final Module PG_LOGICAL = new Module("pg-logical", "dev.tidemark.pglogical");
    static final Module MYSQL_BINLOG = new Module("mysql-binlog", "dev.tidemark.mysqlbinlog");
    static final Module MIGRATIONS = new Module("migrations", "dev.tidemark.migrations");
    static final Module DEVSERVER = new Module("devserver", "dev.tidemark.devserver");
    static final Module TESTING = new Module("testing", "dev.tidemark.testing");
    /** Inside testing's package root by name, but a module of its own: it runs the engine, whose tests use testing. */
    static final Module TESTING_CONTRACT = new Module("testing-contract", "dev.tidemark.testing.contract");
    static final Module DAEMON = new Module("daemon", "dev.tidemark.daemon");
    static final Module EXAMPLES = new Module("examples", "dev.tidemark.examples");
    static final Module BENCHMARKS = new Module("benchmarks", "dev.tidemark.benchmarks");

    static final List<Module> ALL = List.of(ENGINE, PG_LOGICAL, MYSQL_BINLOG, MIGRATIONS, DEVSERVER, TESTING,
            TESTING_CONTRACT, DAEMON, EXAMPLES, BENCHMARKS);

    /**
     * Which modules each module's main classes may use. The engine is the centre; the sources and the
     * migrations build on it alone and never on each other; the daemon wires them (and runs its demo on
     * devserver) but never uses the test fixtures.
     */
    static final Map<Module, Set<Module>> ALLOWED = Map.ofEntries(
            Map.entry(ENGINE, Set.of()),
            Map.entry(PG_LOGICAL, Set.of(ENGINE)),
            Map.entry(MYSQL_BINLOG, Set.of(ENGINE)),
            Map.entry(MIGRATIONS, Set.of(ENGINE)),
            Map.entry(DEVSERVER, Set.of()),
            Map.entry(TESTING, Set.of(DEVSERVER)),
            Map.entry(TESTING_CONTRACT, Set.of(ENGINE, MIGRATIONS, TESTING)),
            Map.entry(DAEMON, Set.of(ENGINE, PG_LOGICAL, MYSQL_BINLOG, MIGRATIONS, DEVSERVER)),
            Map.entry(EXAMPLES, Set.of(ENGINE, PG_LOGICAL, MYSQL_BINLOG, MIGRATIONS)),
            // the benchmark runner is a harness run from the source tree, never shipped: it starts its
            // servers (MariaDB too) with the test fixtures
            Map.entry(BENCHMARKS, Set.of(ENGINE, PG_LOGICAL, MYSQL_BINLOG, MIGRATIONS, DEVSERVER, TESTING)));

    /** The modules whose main classes ship and so must hold no test code: all but the fixtures and the harness. */
    static final List<Module> SHIPPED = List.of(ENGINE, PG_LOGICAL, MYSQL_BINLOG, MIGRATIONS, DEVSERVER, DAEMON,
            EXAMPLES);

    private static final Map<Path, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private TidemarkModules() {
    }

    /** The module's compiled main classes, from its {@code target/classes}. */
    static JavaClasses mainClasses(Module m) {
        return importDirectory(m, "target/classes");
    }

    /** The module's compiled test classes, from its {@code target/test-classes}. */
    static JavaClasses testClasses(Module m) {
        return importDirectory(m, "target/test-classes");
    }

    /** Whether the module has tests of its own (testing-contract is test code itself, and has none). */
    static boolean hasTests(Module m) {
        return Files.isDirectory(root().resolve(m.directory()).resolve("src/test/java"));
    }

    private static JavaClasses importDirectory(Module m, String relative) {
        Path dir = root().resolve(m.directory()).resolve(relative);
        if (!Files.isDirectory(dir)) {
            // a missing directory would make every rule pass on nothing
            throw new IllegalStateException(dir + " does not exist: build the whole reactor (mvn verify), or this"
                    + " module with -am, so that every module is compiled before its boundaries are checked");
        }
        return IMPORTED.computeIfAbsent(dir, d -> new ClassFileImporter().importPath(d));
    }

    /** The repository root: the surefire property {@code tidemark.root}, else the parent of the working directory. */
    static Path root() {
        String configured = System.getProperty("tidemark.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }
}
