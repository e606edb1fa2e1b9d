package dev.tidemark.mysqlbinlog.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A MySQL GTID set ({@code gtid_executed} syntax): per source ({@code server_uuid}, or
 * {@code uuid:tag} for MySQL 8.3+ tagged GTIDs), closed intervals of transaction numbers, kept
 * sorted and merged so that adjacent intervals collapse ({@code 1-3:4-5} is {@code 1-5}).
 */
public final class MySqlGtidSet implements GtidSet {
    static final MySqlGtidSet EMPTY = new MySqlGtidSet(new TreeMap<>());
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,31}");

    /** Source key ({@code uuid} or {@code uuid:tag}) to intervals as {@code [lo0, hi0, lo1, hi1, ...]}, sorted, disjoint, non-adjacent. */
    private final TreeMap<String, long[]> sources;

    private MySqlGtidSet(TreeMap<String, long[]> sources) {
        this.sources = sources;
    }

    public static MySqlGtidSet parse(String text) {
        TreeMap<String, long[]> m = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        for (String element : text.split(",")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split(":");
            if (parts.length < 2 || !UUID.matcher(parts[0].strip()).matches()) {
                throw new IllegalArgumentException("not a MySQL GTID set (uuid:interval[:interval...]): '" + text + "'");
            }
            String uuid = parts[0].strip().toLowerCase(Locale.ROOT);
            String key = uuid;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (!p.isEmpty() && Character.isDigit(p.charAt(0))) {
                    long[] iv = interval(p, text);
                    m.put(key, add(m.getOrDefault(key, new long[0]), iv[0], iv[1]));
                } else if (TAG.matcher(p).matches()) {
                    key = uuid + ":" + p.toLowerCase(Locale.ROOT);
                } else {
                    throw new IllegalArgumentException("not a MySQL GTID set: bad interval or tag '" + p + "' in '" + text + "'");
                }
            }
        }
        return m.isEmpty() ? EMPTY : new MySqlGtidSet(m);
    }

    private static long[] interval(String p, String text) {
        int dash = p.indexOf('-');
        try {
            long lo = Long.parseLong(dash < 0 ? p : p.substring(0, dash));
            long hi = dash < 0 ? lo : Long.parseLong(p.substring(dash + 1));
            if (lo < 1 || hi < lo) {
                throw new IllegalArgumentException("not a MySQL GTID set: interval '" + p + "' in '" + text + "'");
            }
            return new long[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a MySQL GTID set: interval '" + p + "' in '" + text + "'");
        }
    }

    /** The intervals with [lo, hi] added, merging overlapping and adjacent ones. */
    private static long[] add(long[] ivs, long lo, long hi) {
        List<long[]> out = new ArrayList<>(ivs.length / 2 + 1);
        boolean placed = false;
        for (int i = 0; i < ivs.length; i += 2) {
            long a = ivs[i];
            long b = ivs[i + 1];
            if (b < lo - 1) {
                out.add(new long[] {a, b});
            } else if (a > hi + 1) {
                if (!placed) {
                    out.add(new long[] {lo, hi});
                    placed = true;
                }
                out.add(new long[] {a, b});
            } else {
                lo = Math.min(lo, a);
                hi = Math.max(hi, b);
            }
        }
        if (!placed) {
            out.add(new long[] {lo, hi});
        }
        out.sort((x, y) -> Long.compare(x[0], y[0]));
        long[] r = new long[out.size() * 2];
        for (int i = 0; i < out.size(); i++) {
            r[2 * i] = out.get(i)[0];
            r[2 * i + 1] = out.get(i)[1];
        }
        return r;
    }

    /** Source key to its intervals, each {@code [lo, hi]}. */
    public Map<String, List<long[]>> intervals() {
        TreeMap<String, List<long[]>> m = new TreeMap<>();
        sources.forEach((k, v) -> {
            List<long[]> l = new ArrayList<>();
            for (int i = 0; i < v.length; i += 2) {
                l.add(new long[] {v[i], v[i + 1]});
            }
            m.put(k, Collections.unmodifiableList(l));
        });
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Flavor flavor() {
        return Flavor.MYSQL;
    }

    @Override
    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** {@code uuid:n} or {@code uuid:tag:n}. */
    @Override
    public MySqlGtidSet with(String gtid) {
        int colon = gtid.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a MySQL GTID (uuid:n): '" + gtid + "'");
        }
        MySqlGtidSet one = parse(gtid);
        return union(one);
    }

    @Override
    public boolean contains(GtidSet other) {
        MySqlGtidSet o = cast(other);
        for (Map.Entry<String, long[]> e : o.sources.entrySet()) {
            long[] mine = sources.get(e.getKey());
            long[] theirs = e.getValue();
            for (int i = 0; i < theirs.length; i += 2) {
                if (mine == null || !covers(mine, theirs[i], theirs[i + 1])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean covers(long[] ivs, long lo, long hi) {
        for (int i = 0; i < ivs.length; i += 2) {
            if (ivs[i] <= lo && hi <= ivs[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public MySqlGtidSet union(GtidSet other) {
        MySqlGtidSet o = cast(other);
        if (o.isEmpty()) {
            return this;
        }
        TreeMap<String, long[]> m = new TreeMap<>(sources);
        for (Map.Entry<String, long[]> e : o.sources.entrySet()) {
            long[] acc = m.getOrDefault(e.getKey(), new long[0]);
            long[] add = e.getValue();
            for (int i = 0; i < add.length; i += 2) {
                acc = add(acc, add[i], add[i + 1]);
            }
            m.put(e.getKey(), acc);
        }
        return new MySqlGtidSet(m);
    }

    @Override
    public boolean endsWith(String gtid) {
        int colon = gtid.lastIndexOf(':');
        MySqlGtidSet one = parse(gtid);
        Map.Entry<String, long[]> only = one.sources.firstEntry();
        long n = Long.parseLong(gtid.substring(colon + 1).strip());
        long[] mine = sources.get(only.getKey());
        return mine != null && mine[mine.length - 1] == n;
    }

    private static MySqlGtidSet cast(GtidSet other) {
        if (other instanceof MySqlGtidSet m) {
            return m;
        }
        throw new IllegalArgumentException("cannot combine a MySQL GTID set with a MariaDB GTID position ('" + other
                + "'): the checkpoint and the server are of different kinds");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MySqlGtidSet m) || !m.sources.keySet().equals(sources.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : sources.entrySet()) {
            if (!Arrays.equals(e.getValue(), m.sources.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, long[]> e : sources.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /** Sources in order, each {@code uuid[:tag]:a-b:c}, joined by commas as MySQL prints them (without its line breaks). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String lastUuid = null;
        for (Map.Entry<String, long[]> e : sources.entrySet()) {
            String key = e.getKey();
            String uuid = key.length() > 36 ? key.substring(0, 36) : key;
            if (uuid.equals(lastUuid)) {
                // tagged intervals of the same server follow its untagged ones in one element
                sb.append(key.substring(36));
            } else {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(key);
            }
            lastUuid = uuid;
            long[] v = e.getValue();
            for (int i = 0; i < v.length; i += 2) {
                sb.append(':').append(v[i]);
                if (v[i + 1] != v[i]) {
                    sb.append('-').append(v[i + 1]);
                }
            }
        }
        return sb.toString();
    }
}
