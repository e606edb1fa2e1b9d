package dev.tidemark.architecture;

/**
 * One of Tidemark's modules as the rules see it: the classes under its package root. Its API is the
 * root package (and public subpackages); everything under {@code <root>.internal} is its own.
 *
 * @param directory   the Maven module's directory, relative to the repository root
 * @param packageRoot the package every class of the module lives under
 */
record Module(String directory, String packageRoot) {

    /** Every package of the module, as an ArchUnit package identifier. */
    String packages() {
        return packageRoot + "..";
    }

    /** The module's internal packages, as an ArchUnit package identifier. */
    String internalPackages() {
        return packageRoot + ".internal..";
    }

    @Override
    public String toString() {
        return directory;
    }
}
