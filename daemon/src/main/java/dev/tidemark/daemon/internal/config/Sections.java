package dev.tidemark.daemon.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of top-level sections a configuration may hold, in the order they are bound,
 * described and run. Immutable; {@link #with} returns a new registry.
 */
public final class Sections {
    private final List<SectionKind<?>> kinds;

    private Sections(List<SectionKind<?>> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** No sections. */
    public static Sections none() {
        return new Sections(List.of());
    }

    /** {@code pipelines} with the default source and sink kinds. */
    public static Sections defaults() {
        return withKinds(Kinds.defaults());
    }

    /** {@code pipelines} with these source and sink kinds. */
    public static Sections withKinds(Kinds kinds) {
        return none().with(new PipelinesSection(kinds));
    }

    /** This registry plus {@code kind}; its key must be new and not {@code http}. */
    public Sections with(SectionKind<?> kind) {
        if (kind.key().equals(ConfigBinder.HTTP) || kinds.stream().anyMatch(k -> k.key().equals(kind.key()))) {
            throw new IllegalArgumentException("the top-level key '" + kind.key() + "' is taken already");
        }
        List<SectionKind<?>> copy = new ArrayList<>(kinds);
        copy.add(kind);
        return new Sections(copy);
    }

    /** In registration order. */
    public List<SectionKind<?>> kinds() {
        return kinds;
    }

    /** "add pipelines (...) or views (...)": what a configuration without any section lacks. */
    String whatToAdd() {
        return "add " + String.join(" or ", kinds.stream().map(k -> k.key() + " (" + k.hint() + ")").toList());
    }
}
