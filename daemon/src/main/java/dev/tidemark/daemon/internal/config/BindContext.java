package dev.tidemark.daemon.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** What binding needs besides the YAML: the directory relative paths resolve against. */
record BindContext(Path workingDirectory) {

    /** {@code value} of {@code key} as an absolute path, or empty with a problem recorded. */
    Optional<Path> path(ConfigMap s, String key, String value) {
        if (value.isBlank()) {
            s.problem(key, "must not be empty");
            return Optional.empty();
        }
        try {
            return Optional.of(workingDirectory.resolve(value).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            s.problem(key, "'" + value + "' is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }
}
