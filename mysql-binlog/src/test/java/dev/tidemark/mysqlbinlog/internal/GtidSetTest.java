package dev.tidemark.mysqlbinlog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** GTID sets of both flavours parse, print, merge and compare as the servers define them. */
class GtidSetTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "8f0a2b13-0000-4000-8000-000000000001";

    @Provide
    Arbitrary<Set<Integer>> numbers() {
        return Arbitraries.integers().between(1, 60).set().ofMaxSize(25);
    }

    /** The naive text: every number its own one-element interval, in arbitrary order. */
    private static String naive(String uuid, Set<Integer> ns) {
        StringBuilder sb = new StringBuilder(uuid);
        for (int n : ns) {
            sb.append(':').append(n);
        }
        return sb.toString();
    }

    private static MySqlGtidSet oneByOne(String uuid, Set<Integer> ns) {
        MySqlGtidSet s = MySqlGtidSet.EMPTY;
        for (int n : ns) {
            s = s.with(uuid + ":" + n);
        }
        return s;
    }

    @Property
    void mysqlSetsBuiltOneGtidAtATimeEqualTheParsedSet(@ForAll("numbers") Set<Integer> a, @ForAll("numbers") Set<Integer> b) {
        String text = (a.isEmpty() ? "" : naive(A, a)) + (a.isEmpty() || b.isEmpty() ? "" : ",") + (b.isEmpty() ? "" : naive(B, b));
        MySqlGtidSet parsed = MySqlGtidSet.parse(text);
        MySqlGtidSet built = oneByOne(A, a).union(oneByOne(B, b));
        assertThat(built).isEqualTo(parsed);
        assertThat(MySqlGtidSet.parse(parsed.toString())).isEqualTo(parsed);
        assertThat(parsed.isEmpty()).isEqualTo(a.isEmpty() && b.isEmpty());
    }

    @Property
    void mysqlCanonicalTextHasSortedNonAdjacentIntervals(@ForAll("numbers") Set<Integer> a) {
        if (a.isEmpty()) {
            assertThat(MySqlGtidSet.parse("").toString()).isEmpty();
            return;
        }
        String text = MySqlGtidSet.parse(naive(A, a)).toString();
        // rebuild the numbers from the canonical intervals and check they are maximal runs
        TreeSet<Integer> sorted = new TreeSet<>(a);
        String[] parts = text.split(":");
        assertThat(parts[0]).isEqualTo(A);
        TreeSet<Integer> back = new TreeSet<>();
        long prevHi = Long.MIN_VALUE;
        for (int i = 1; i < parts.length; i++) {
            String[] lohi = parts[i].split("-");
            long lo = Long.parseLong(lohi[0]);
            long hi = lohi.length == 2 ? Long.parseLong(lohi[1]) : lo;
            assertThat(lo).isGreaterThan(prevHi + 1);
            for (long n = lo; n <= hi; n++) {
                back.add((int) n);
            }
            prevHi = hi;
        }
        assertThat(back).isEqualTo(sorted);
    }

    @Property
    void mysqlContainmentIsSetInclusion(@ForAll("numbers") Set<Integer> a, @ForAll("numbers") Set<Integer> b) {
        MySqlGtidSet sa = oneByOne(A, a);
        MySqlGtidSet sb = oneByOne(A, b);
        assertThat(sa.contains(sb)).isEqualTo(a.containsAll(b));
        Set<Integer> both = new HashSet<>(a);
        both.addAll(b);
        assertThat(sa.union(sb)).isEqualTo(oneByOne(A, both));
        assertThat(sa.union(sb)).isEqualTo(sb.union(sa));
        assertThat(sa.union(sb).contains(sa)).isTrue();
    }

    @Example
    void mysqlAdjacentIntervalsCollapseAndOthersDoNot() {
        assertThat(MySqlGtidSet.parse(A + ":1-3:4-5").toString()).isEqualTo(A + ":1-5");
        assertThat(MySqlGtidSet.parse(A + ":1-3:5-6").toString()).isEqualTo(A + ":1-3:5-6");
        assertThat(MySqlGtidSet.parse(A.toUpperCase() + ":7").with(A + ":8").toString()).isEqualTo(A + ":7-8");
        // gtid_executed as the server prints it, with line breaks after the commas
        assertThat(MySqlGtidSet.parse(B + ":1-2,\n" + A + ":1-9").toString()).isEqualTo(A + ":1-9," + B + ":1-2");
    }

    @Example
    void mysqlTaggedGtidsKeepTheirTag() {
        MySqlGtidSet s = MySqlGtidSet.parse(A + ":1-5:orders:1-3");
        assertThat(s.toString()).isEqualTo(A + ":1-5:orders:1-3");
        assertThat(s.with(A + ":orders:4").toString()).isEqualTo(A + ":1-5:orders:1-4");
        assertThat(s.contains(MySqlGtidSet.parse(A + ":orders:2"))).isTrue();
        assertThat(s.contains(MySqlGtidSet.parse(A + ":6"))).isFalse();
    }

    @Example
    void mysqlEndsWithTheLastTransactionOfItsServer() {
        MySqlGtidSet s = MySqlGtidSet.parse(A + ":1-10," + B + ":1-3");
        assertThat(s.endsWith(A + ":10")).isTrue();
        assertThat(s.endsWith(A + ":9")).isFalse();
        assertThat(s.endsWith(B + ":3")).isTrue();
    }

    @Example
    void mysqlRejectsMalformedText() {
        assertThatThrownBy(() -> MySqlGtidSet.parse("0-1-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MySqlGtidSet.parse(A + ":5-3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MySqlGtidSet.parse(A + ":0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<List<String>> mariaGtids() {
        Arbitrary<String> gtid = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 4), Arbitraries.longs().between(1, 1000))
                .as((d, s, n) -> d + "-" + s + "-" + n);
        return gtid.list().ofMaxSize(12);
    }

    @Property
    void mariaDbPositionsKeepTheLastGtidPerDomain(@ForAll("mariaGtids") List<String> gtids) {
        MariaDbGtidSet s = MariaDbGtidSet.EMPTY;
        java.util.Map<Long, String> last = new java.util.TreeMap<>();
        for (String g : gtids) {
            s = s.with(g);
            last.put(Long.parseLong(g.split("-")[0]), g);
        }
        assertThat(s.toString()).isEqualTo(String.join(",", last.values()));
        assertThat(MariaDbGtidSet.parse(s.toString())).isEqualTo(s);
        for (String g : last.values()) {
            assertThat(s.endsWith(g)).isTrue();
        }
    }

    @Property
    void mariaDbUnionTakesTheHigherSequencePerDomainAndContainsBoth(@ForAll("mariaGtids") List<String> a,
                                                                    @ForAll("mariaGtids") List<String> b) {
        MariaDbGtidSet sa = MariaDbGtidSet.parse(String.join(",", a));
        MariaDbGtidSet sb = MariaDbGtidSet.parse(String.join(",", b));
        MariaDbGtidSet u = sa.union(sb);
        assertThat(u.contains(sa)).isTrue();
        assertThat(u.contains(sb)).isTrue();
        assertThat(u.domains().keySet()).containsAll(sa.domains().keySet()).containsAll(sb.domains().keySet());
        u.domains().forEach((d, g) -> {
            long expected = Math.max(sa.domains().containsKey(d) ? sa.domains().get(d).seq() : 0,
                    sb.domains().containsKey(d) ? sb.domains().get(d).seq() : 0);
            assertThat(g.seq()).isEqualTo(expected);
        });
    }

    @Example
    void mariaDbContainmentComparesSequenceNumbersPerDomain() {
        MariaDbGtidSet s = MariaDbGtidSet.parse("0-1-100,1-2-7");
        assertThat(s.contains(MariaDbGtidSet.parse("0-2-99"))).isTrue();
        assertThat(s.contains(MariaDbGtidSet.parse("0-1-101"))).isFalse();
        assertThat(s.contains(MariaDbGtidSet.parse("2-1-1"))).isFalse();
        assertThat(s.contains(MariaDbGtidSet.EMPTY)).isTrue();
        assertThat(MariaDbGtidSet.parse(" 1-2-7 , 0-1-100 ").toString()).isEqualTo("0-1-100,1-2-7");
        assertThatThrownBy(() -> MariaDbGtidSet.parse("0-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.contains(MySqlGtidSet.parse(A + ":1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different kinds");
    }
}
