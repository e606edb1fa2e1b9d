package dev.tidemark.devserver.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;

/**
 * Running as another OS user: PostgreSQL refuses to run as root, so a root JVM runs the server's
 * binaries through {@code runuser} and hands the server's files to that user.
 */
public final class OsUsers {
    private OsUsers() {
    }

    /** Whether this JVM runs as root, judged by the owner of a file it just created. */
    public static boolean runningAsRoot() {
        return Holder.ROOT;
    }

    private static final class Holder {
        static final boolean ROOT = detectRoot();

        private static boolean detectRoot() {
            try {
                Path probe = Files.createTempFile("tidemark-uid", ".probe");
                try {
                    return ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }
    }

    /** The command prefix that runs a program as {@code user}: empty when not root. */
    public static List<String> asUser(String user) {
        return runningAsRoot() ? List.of("runuser", "-u", user, "--") : List.of();
    }

    /** Makes {@code user} (and its group, when there is one) the owner of {@code path}. */
    public static void chown(Path path, String user) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(user));
        try {
            view.setGroup(lookup.lookupPrincipalByGroupName(user));
        } catch (IOException noSuchGroup) {
            // the user's own group is a nicety, ownership is what matters
        }
    }

    /** Deletes a directory tree as far as it can; returns whether it is gone. */
    public static boolean deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return true;
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
                public FileVisitResult postVisitDirectory(Path d, IOException exc) {
                    try {
                        Files.deleteIfExists(d);
                    } catch (IOException e) {
                        // a file appeared while we walked (a server still exiting): reported by the result
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return false;
        }
        return !Files.exists(dir);
    }
}
