package dev.tidemark.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts about this build of Tidemark, read once from a resource that Maven fills in at build
 * time. Internal: other modules may read it, applications should not rely on it.
 */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    /** The Tidemark version, such as {@code 0.1.0-SNAPSHOT}; {@code unknown} in an unfiltered build. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("tidemark-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            // an IDE build that skipped Maven's filtering leaves the placeholder in place
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tidemark-version.properties from the engine jar", e);
        }
    }
}
