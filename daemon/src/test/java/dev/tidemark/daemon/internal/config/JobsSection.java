package dev.tidemark.daemon.internal.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.daemon.internal.runtime.HostContext;
import dev.tidemark.daemon.internal.runtime.Part;
import dev.tidemark.daemon.internal.runtime.PartStatus;
import dev.tidemark.daemon.internal.runtime.SectionHost;
import dev.tidemark.engine.CheckResult;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A section that exists only in tests, {@code jobs: [name, ...]}, written the way {@code views}
 * and {@code outboxes} will be: a {@link SectionKind} (binding) and a {@link SectionHost} (its
 * parts), each registered once. A job does nothing but run; one named {@code doomed} fails as
 * soon as it started.
 */
final class JobsSection implements SectionKind<JobsSection.Jobs> {
    static final String KEY = "jobs";

    record Jobs(List<String> names) {
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Jobs> configType() {
        return Jobs.class;
    }

    @Override
    public String hint() {
        return "a list of job names";
    }

    @Override
    public Optional<Jobs> bind(ConfigMap top, BindContext context) {
        int before = top.problems().count();
        List<String> names = new ArrayList<>();
        top.list(KEY).ifPresent(items -> items.forEach(i -> i.text().ifPresent(names::add)));
        if (names.isEmpty() && top.problems().count() == before) {
            top.problem(KEY, "is empty: name at least one job");
        }
        return top.problems().count() == before ? Optional.of(new Jobs(names)) : Optional.empty();
    }

    @Override
    public List<String> describe(Jobs config) {
        return config.names().stream().map(n -> "job " + n).toList();
    }

    /** The runtime side; records what happened to its parts in {@link #log}. */
    static final class Host implements SectionHost<Jobs> {
        private static final ObjectMapper JSON = new ObjectMapper();
        final List<String> log = new CopyOnWriteArrayList<>();
        private final JobsSection kind = new JobsSection();

        @Override
        public SectionKind<Jobs> kind() {
            return kind;
        }

        @Override
        public String partKind() {
            return "job";
        }

        @Override
        public List<Part> prepare(Jobs config, HostContext context) {
            log.add("prepared " + config.names());
            return config.names().stream().<Part>map(n -> new Job(n, context)).toList();
        }

        @Override
        public List<Finding> check(Jobs config, HostContext context) {
            return config.names().stream().map(n -> new Finding(n, CheckResult.ok("job", "ready"))).toList();
        }

        @Override
        public List<Outcome> migrate(Jobs config, HostContext context) {
            return List.of(new Outcome(true, "job store (jobs " + String.join(", ", config.names()) + ")", "up to date"));
        }

        @Override
        public List<Report> status(Jobs config, HostContext context) {
            return config.names().stream().map(n -> {
                ObjectNode json = JSON.createObjectNode().put("name", n).put("state", "idle");
                return new Report(n + " (job)", List.<Map.Entry<String, String>>of(
                        new AbstractMap.SimpleImmutableEntry<>("state", "idle")), json, List.of());
            }).toList();
        }

        private final class Job implements Part {
            private final String name;
            private final HostContext context;
            private volatile PartStatus.State state = PartStatus.State.NEW;
            private volatile Optional<Throwable> failure = Optional.empty();

            Job(String name, HostContext context) {
                this.name = name;
                this.context = context;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                log.add("started " + name);
                if (name.equals("doomed")) {
                    failure = Optional.of(new IllegalStateException("the job's work is impossible"));
                    state = PartStatus.State.FAILED;
                    context.onPartStopped().accept("job " + name);
                } else {
                    state = PartStatus.State.RUNNING;
                }
            }

            @Override
            public PartStatus status() {
                return new PartStatus(KEY, "job", name, state, Map.of("state", state.name()), failure);
            }

            @Override
            public void stop() {
                log.add("stopped " + name);
                if (state != PartStatus.State.FAILED) {
                    state = PartStatus.State.STOPPED;
                }
            }
        }
    }
}
