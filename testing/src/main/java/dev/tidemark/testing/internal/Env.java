package dev.tidemark.testing.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The environment variables that steer the fixtures, read in one place. */
public final class Env {
    public static final String PG_URL = "TIDEMARK_TEST_PG_URL";
    public static final String MYSQL_URL = "TIDEMARK_TEST_MYSQL_URL";
    public static final String USE_TESTCONTAINERS = "TIDEMARK_TEST_USE_TESTCONTAINERS";
    public static final String PG_BIN = "TIDEMARK_TEST_PG_BIN";
    public static final String WORKDIR = "TIDEMARK_TEST_WORKDIR";
    public static final String KEEP_DATA = "TIDEMARK_TEST_KEEP_DATA";

    private static final Logger LOG = LoggerFactory.getLogger(Env.class);
    private static volatile Boolean dockerAnswers;

    private Env() {
    }

    /** A variable's value, empty when unset or blank. */
    public static Optional<String> get(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public static boolean flag(String name) {
        return get(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(false);
    }

    /**
     * Whether Testcontainers should be used: asked for, and a Docker engine answers {@code docker info}
     * within a few seconds. Asked for without Docker falls back to local binaries, with a warning.
     */
    public static boolean useTestcontainers() {
        if (!flag(USE_TESTCONTAINERS)) {
            return false;
        }
        Boolean answers = dockerAnswers;
        if (answers == null) {
            answers = dockerInfoSucceeds();
            dockerAnswers = answers;
            if (!answers) {
                LOG.warn("{}=true but no Docker engine answered 'docker info'; using local binaries instead",
                        USE_TESTCONTAINERS);
            }
        }
        return answers;
    }

    private static boolean dockerInfoSucceeds() {
        try {
            // only the exit code matters: the output goes nowhere, so it cannot fill a pipe and block
            Process docker = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!docker.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                docker.destroyForcibly();
                return false;
            }
            return docker.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            // no docker CLI: ask Testcontainers itself, which also reads DOCKER_HOST and ~/.testcontainers
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e2) {
                return false;
            }
        }
    }
}
