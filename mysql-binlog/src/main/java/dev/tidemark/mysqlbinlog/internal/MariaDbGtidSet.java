package dev.tidemark.mysqlbinlog.internal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MariaDB GTID position: per replication domain, the last GTID {@code domain-server-seq}
 * applied, as in {@code gtid_slave_pos}. Within a domain, sequence numbers order transactions
 * (strictly so with {@code gtid_strict_mode}); the server id only tells who wrote it.
 */
public final class MariaDbGtidSet implements GtidSet {
    static final MariaDbGtidSet EMPTY = new MariaDbGtidSet(new TreeMap<>());

    /** One domain's last GTID. Numbers are unsigned 32-bit (domain, server) and 64-bit (seq). */
    public record Gtid(long domain, long server, long seq) {
        static Gtid parse(String text) {
            String t = text.strip();
            String[] p = t.split("-");
            if (p.length != 3) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-seq): '" + text + "'");
            }
            try {
                return new Gtid(Long.parseUnsignedLong(p[0]), Long.parseUnsignedLong(p[1]), Long.parseUnsignedLong(p[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-seq): '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(domain) + "-" + Long.toUnsignedString(server) + "-" + Long.toUnsignedString(seq);
        }
    }

    private final TreeMap<Long, Gtid> byDomain;

    private MariaDbGtidSet(TreeMap<Long, Gtid> byDomain) {
        this.byDomain = byDomain;
    }

    public static MariaDbGtidSet parse(String text) {
        TreeMap<Long, Gtid> m = new TreeMap<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    Gtid g = Gtid.parse(part);
                    // a list naming a domain twice keeps the later entry, as the server does
                    m.put(g.domain(), g);
                }
            }
        }
        return m.isEmpty() ? EMPTY : new MariaDbGtidSet(m);
    }

    /** The domains' last GTIDs, by domain. */
    public Map<Long, Gtid> domains() {
        return Collections.unmodifiableMap(byDomain);
    }

    @Override
    public Flavor flavor() {
        return Flavor.MARIADB;
    }

    @Override
    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    @Override
    public MariaDbGtidSet with(String gtid) {
        Gtid g = Gtid.parse(gtid);
        TreeMap<Long, Gtid> m = new TreeMap<>(byDomain);
        m.put(g.domain(), g);
        return new MariaDbGtidSet(m);
    }

    @Override
    public boolean contains(GtidSet other) {
        MariaDbGtidSet o = cast(other);
        for (Gtid g : o.byDomain.values()) {
            Gtid mine = byDomain.get(g.domain());
            if (mine == null || Long.compareUnsigned(mine.seq(), g.seq()) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public MariaDbGtidSet union(GtidSet other) {
        MariaDbGtidSet o = cast(other);
        TreeMap<Long, Gtid> m = new TreeMap<>(byDomain);
        for (Gtid g : o.byDomain.values()) {
            m.merge(g.domain(), g, (a, b) -> Long.compareUnsigned(a.seq(), b.seq()) >= 0 ? a : b);
        }
        return new MariaDbGtidSet(m);
    }

    @Override
    public boolean endsWith(String gtid) {
        Gtid g = Gtid.parse(gtid);
        return g.equals(byDomain.get(g.domain()));
    }

    private static MariaDbGtidSet cast(GtidSet other) {
        if (other instanceof MariaDbGtidSet m) {
            return m;
        }
        throw new IllegalArgumentException("cannot combine a MariaDB GTID position with a MySQL GTID set ('" + other
                + "'): the checkpoint and the server are of different kinds");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MariaDbGtidSet m && m.byDomain.equals(byDomain);
    }

    @Override
    public int hashCode() {
        return byDomain.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Gtid g : byDomain.values()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(g);
        }
        return sb.toString();
    }
}
