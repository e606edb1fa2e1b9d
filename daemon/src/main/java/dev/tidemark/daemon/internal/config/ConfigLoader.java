package dev.tidemark.daemon.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tidemark.engine.ConfigException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a {@code tidemark.yaml} into a {@link TidemarkConfig}, or throws one {@link ConfigException}
 * listing every problem found, each with its key path. Thread-safe and stateless apart from its
 * environment lookup and working directory (both injectable for tests).
 */
public final class ConfigLoader {
    private final Function<String, String> environment;
    private final Path workingDirectory;
    private final Sections sections;
    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * @param environment      variable lookup for {@code ${VAR}}, null for unset
     * @param workingDirectory what relative paths (sink files, spill directory) are resolved against
     */
    public ConfigLoader(Function<String, String> environment, Path workingDirectory) {
        this(environment, workingDirectory, Sections.defaults());
    }

    /** @param sections the top-level sections (and through them the kinds) a file may hold */
    public ConfigLoader(Function<String, String> environment, Path workingDirectory, Sections sections) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.workingDirectory = workingDirectory.toAbsolutePath();
        this.sections = Objects.requireNonNull(sections, "sections");
    }

    /** This loader with other sections (and kinds); for tests and for whoever adds a section. */
    public ConfigLoader withSections(Sections sections) {
        return new ConfigLoader(environment, workingDirectory, sections);
    }

    /** The process environment and working directory. */
    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System::getenv, Path.of(""));
    }

    /** For tests: a fixed environment. */
    public static ConfigLoader withEnvironment(Map<String, String> environment, Path workingDirectory) {
        Map<String, String> copy = Map.copyOf(environment);
        return new ConfigLoader(copy::get, workingDirectory);
    }

    public TidemarkConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist: check the --config path");
        } catch (MalformedInputException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** @param origin the file name, for messages about YAML syntax */
    public TidemarkConfig parse(String text, String origin) {
        JsonNode root = readSingleDocument(text, origin);
        Problems problems = new Problems();
        ConfigBinder binder = new ConfigBinder(problems, new EnvSubstitution(environment), workingDirectory, sections);
        TidemarkConfig config = binder.bind(root).orElse(null);
        problems.throwIfAny();
        return config;
    }

    private JsonNode readSingleDocument(String text, String origin) {
        List<JsonNode> documents = new ArrayList<>();
        // read document by document from the parser: a MappingIterator would unwrap a top-level list
        try (JsonParser parser = yaml.getFactory().createParser(text)) {
            JsonNode doc;
            while (parser.nextToken() != null && (doc = yaml.readTree(parser)) != null) {
                documents.add(doc);
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin + ": " + syntaxMessage(e));
        } catch (IOException e) {
            throw new ConfigException(origin + ": cannot be parsed as YAML: " + e.getMessage());
        }
        documents.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
        if (documents.isEmpty()) {
            throw new ConfigException(origin + ": the file is empty: " + sections.whatToAdd());
        }
        if (documents.size() > 1) {
            throw new ConfigException(origin + ": holds " + documents.size()
                    + " YAML documents (separated by ---): put everything in one document");
        }
        return documents.get(0);
    }

    /** Line, column and the parser's complaint, without the source excerpt SnakeYAML appends. */
    private static String syntaxMessage(JsonProcessingException e) {
        StringBuilder sb = new StringBuilder();
        if (e.getLocation() != null) {
            sb.append("line ").append(e.getLocation().getLineNr()).append(", column ")
                    .append(e.getLocation().getColumnNr()).append(": ");
        }
        List<String> parts = new ArrayList<>();
        for (String line : String.valueOf(e.getOriginalMessage()).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !line.startsWith(" ") && !l.startsWith("in '") && !l.equals("^")) {
                parts.add(l);
            }
        }
        sb.append("invalid YAML: ").append(String.join(", ", parts));
        return sb.toString();
    }
}
