package dev.tidemark.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every reader child JVM does around its measurement, for both vendors: parse the
 * {@code key=value} arguments, print the measurement as one {@link ResultLine} with this JVM's peak
 * RSS appended, and exit 0, or print the failure and exit 1 (the orchestrator reads the exit code
 * and the line).
 */
final class ChildMain {
    /** One measurement; the map starts with {@code reader} and keeps its order in the printed line. */
    interface Body {
        Map<String, Object> measure(ChildArgs args) throws Exception;
    }

    private ChildMain() {
    }

    static void run(String[] args, Body body) {
        try {
            Map<String, Object> out = body.measure(new ChildArgs(args));
            out.put("rss_mib", PeakRss.mib());
            System.out.println(ResultLine.format(out));
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** A result line's fields: {@code reader} first, then the measured ones in their order. */
    static Map<String, Object> result(String reader, Map<String, Object> measured) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reader", reader);
        out.putAll(measured);
        return out;
    }
}
