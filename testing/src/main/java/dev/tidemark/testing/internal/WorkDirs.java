package dev.tidemark.testing.internal;

import dev.tidemark.testing.TestServerException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where local servers keep their files: {@code <module>/target/tidemark-<vendor>/<random>} (or under
 * {@code TIDEMARK_TEST_WORKDIR}), one directory per server instance, holding a {@code jvm.pid} file so a
 * later run can tell when the JVM that owned it died without cleaning up.
 */
public final class WorkDirs {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String OWNER_FILE = "jvm.pid";

    private WorkDirs() {
    }

    /**
     * A new, empty directory for one server. When the server cannot use it ({@code serverCanReach}
     * says no: a server run as another OS user, and a parent without the search bit, as in a private
     * home), falls back to the system temporary directory.
     */
    public static Path newInstanceDir(String vendor, Predicate<Path> serverCanReach) {
        Path base = baseDir().resolve("tidemark-" + vendor);
        Path dir = create(base, vendor);
        if (!serverCanReach.test(dir)) {
            deleteQuietly(dir);
            Path fallback = Path.of(System.getProperty("java.io.tmpdir")).resolve("tidemark-" + vendor);
            LOG.info("the {} server's OS user cannot reach {}; keeping its files under {} instead", vendor, base,
                    fallback);
            dir = create(fallback, vendor);
        }
        return dir;
    }

    private static Path create(Path base, String vendor) {
        try {
            Files.createDirectories(base);
            reapAbandoned(base);
            Path dir = Files.createDirectory(base.resolve(HexFormat.of().formatHex(randomBytes())));
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new TestServerException("cannot create a " + vendor + " test directory under " + base + ": "
                    + e.getMessage() + "; set TIDEMARK_TEST_WORKDIR to a writable directory", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The calling module's {@code target/} when the tests run from a Maven module, else the temp dir. */
    static Path baseDir() {
        Optional<String> configured = Env.get(Env.WORKDIR);
        if (configured.isPresent()) {
            return Path.of(configured.get()).toAbsolutePath();
        }
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (Files.exists(cwd.resolve("pom.xml")) || Files.isDirectory(cwd.resolve("target"))) {
            return cwd.resolve("target");
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    /**
     * Stops servers and deletes directories left by JVMs that died without running their shutdown
     * hooks (killed builds), so abandoned servers do not pile up across runs.
     */
    private static void reapAbandoned(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.toList()) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(owner).trim());
                } catch (IOException | NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                killServersIn(dir);
                deleteQuietly(dir);
            }
        } catch (IOException e) {
            LOG.debug("could not look for abandoned test servers under {}", base, e);
        }
    }

    /** Kills a postmaster or mariadbd whose pid file lies in {@code dir}, if its process still runs. */
    private static void killServersIn(Path dir) {
        for (String pidFile : List.of("data/postmaster.pid", "data/mariadbd.pid")) {
            Path file = dir.resolve(pidFile);
            try {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readAllLines(file).get(0).trim());
                ProcessHandle.of(pid).filter(ph -> ph.info().command()
                                .map(c -> c.contains("postgres") || c.contains("mariadbd") || c.contains("mysqld"))
                                .orElse(false))
                        .ifPresent(ph -> {
                            LOG.info("killing abandoned test server pid {} of {}", pid, dir);
                            ph.descendants().forEach(ProcessHandle::destroyForcibly);
                            ph.destroyForcibly();
                            ph.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> ph).join();
                        });
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not check {}", file, e);
            }
        }
    }

    /** Deletes a directory tree, logging instead of failing: cleanup must never fail a test run. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    try {
                        Files.deleteIfExists(d);
                    } catch (java.nio.file.DirectoryNotEmptyException | NoSuchFileException e) {
                        // a file appeared while we walked (a server still exiting); leave it to the next reaper
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
