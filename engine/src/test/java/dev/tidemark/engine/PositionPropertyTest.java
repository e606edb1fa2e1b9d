package dev.tidemark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Positions print and parse back, and order as the servers' own coordinates do. */
class PositionPropertyTest {

    @Property
    void lsnTextParsesBackToTheSameLsn(@ForAll long value) {
        Lsn lsn = new Lsn(value);
        assertThat(lsn.toString()).matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}");
        assertThat(Lsn.parse(lsn.toString())).isEqualTo(lsn);
    }

    @Property
    void lsnsOrderAsUnsignedNumbers(@ForAll long a, @ForAll long b) {
        assertThat(Integer.signum(new Lsn(a).compareTo(new Lsn(b)))).isEqualTo(Integer.signum(Long.compareUnsigned(a, b)));
        assertThat(new Lsn(a).isAfter(new Lsn(b))).isEqualTo(Long.compareUnsigned(a, b) > 0);
    }

    @Provide
    Arbitrary<PgPosition> pgPositions() {
        // few distinct LSNs, so that equal commit LSNs with different indexes come up often
        return Combinators.combine(
                Arbitraries.oneOf(Arbitraries.longs().between(0, 5), Arbitraries.longs()).map(Lsn::new),
                Arbitraries.oneOf(Arbitraries.longs().between(1, 5), Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.just(PgPosition.TX_END)))
                .as(PgPosition::new);
    }

    @Property
    void pgPositionsParseBackFromTheirText(@ForAll("pgPositions") PgPosition p) {
        assertThat(PgPosition.parse(p.format())).isEqualTo(p);
        assertThat(Position.parse(p.kind(), p.format())).isEqualTo(p);
        assertThat(p.isTransactionEnd()).isEqualTo(!p.format().contains("#"));
    }

    @Property
    void pgPositionsOrderByCommitLsnThenIndex(@ForAll("pgPositions") PgPosition a, @ForAll("pgPositions") PgPosition b,
                                              @ForAll("pgPositions") PgPosition c) {
        int ab = Integer.signum(a.compareTo(b));
        int expected = a.commitLsn().equals(b.commitLsn())
                ? Integer.signum(Long.compare(a.index(), b.index()))
                : Integer.signum(Long.compareUnsigned(a.commitLsn().value(), b.commitLsn().value()));
        assertThat(ab).isEqualTo(expected);
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-ab);
        assertThat(ab == 0).isEqualTo(a.equals(b));
        assertTransitive(a, b, c);
    }

    @Provide
    Arbitrary<BinlogPosition> binlogPositions() {
        Arbitrary<String> files = Arbitraries.oneOf(
                Arbitraries.of("mysql-bin", "binlog", "maria-bin")
                        .flatMap(base -> Arbitraries.integers().between(1, 12).map(n -> base + "." + String.format("%06d", n))),
                // names without a number, or odd ones, still order totally
                Arbitraries.strings().withChars("ab.-1|").ofMaxLength(6).filter(s -> s.indexOf('|') < 0));
        Arbitrary<String> gtids = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("0123456789abcdef-:,").ofMaxLength(30));
        return Combinators.combine(gtids, files,
                Arbitraries.oneOf(Arbitraries.longs().between(4, 10), Arbitraries.longs()),
                Arbitraries.oneOf(Arbitraries.longs().between(1, 3), Arbitraries.just(BinlogPosition.TX_END)))
                .as(BinlogPosition::new);
    }

    @Property
    void binlogPositionsParseBackFromTheirText(@ForAll("binlogPositions") BinlogPosition p) {
        assertThat(BinlogPosition.parse(p.format())).isEqualTo(p);
        assertThat(Position.parse(p.kind(), p.format())).isEqualTo(p);
    }

    @Property
    void binlogPositionsOrderConsistently(@ForAll("binlogPositions") BinlogPosition a,
                                          @ForAll("binlogPositions") BinlogPosition b,
                                          @ForAll("binlogPositions") BinlogPosition c) {
        int ab = Integer.signum(a.compareTo(b));
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-ab);
        assertThat(a.compareTo(a)).isZero();
        assertThat(ab == 0).isEqualTo(a.equals(b));
        // within one transaction (same GTID set, same coordinates) the index decides
        if (a.gtidSet().equals(b.gtidSet()) && a.file().equals(b.file()) && a.offset() == b.offset()) {
            assertThat(ab).isEqualTo(Integer.signum(Long.compare(a.index(), b.index())));
        }
        // a GTID set covering more transactions is later, whatever the coordinates
        if (a.gtidCount() != b.gtidCount()) {
            assertThat(ab).isEqualTo(Integer.signum(Long.compare(a.gtidCount(), b.gtidCount())));
        }
        assertTransitive(a, b, c);
    }

    @Property
    void positionsAfterAFailoverOrderAfterThoseBefore(@ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 1000) int seq,
                                                      @ForAll @net.jqwik.api.constraints.LongRange(min = 4, max = 1_000_000) long primaryOffset,
                                                      @ForAll @net.jqwik.api.constraints.LongRange(min = 4, max = 1_000_000) long replicaOffset) {
        // the replica's binlog has other file numbers and offsets for the same transactions
        BinlogPosition onPrimary = new BinlogPosition("0-1-" + seq, "mariadb-bin.000009", primaryOffset, BinlogPosition.TX_END);
        BinlogPosition nextOnReplica = new BinlogPosition("0-1-" + (seq + 1), "mariadb-bin.000001", replicaOffset, 1);
        assertThat(nextOnReplica).isGreaterThan(onPrimary);
        String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
        BinlogPosition mysqlBefore = new BinlogPosition(uuid + ":1-" + seq, "binlog.000009", primaryOffset, BinlogPosition.TX_END);
        BinlogPosition mysqlAfter = new BinlogPosition(uuid + ":1-" + (seq + 1), "binlog.000001", replicaOffset, 2);
        assertThat(mysqlAfter).isGreaterThan(mysqlBefore);
    }

    @net.jqwik.api.Example
    void gtidCountsOfBothFlavours() {
        assertThat(new BinlogPosition("", "f.1", 4, 1).gtidCount()).isZero();
        assertThat(new BinlogPosition("0-1-100,1-2-7", "f.1", 4, 1).gtidCount()).isEqualTo(107);
        assertThat(new BinlogPosition("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7:9-10,"
                + "4e11fa47-71ca-11e1-9e33-c80aa9429562:tag:1-3", "f.1", 4, 1).gtidCount()).isEqualTo(11);
        assertThat(new BinlogPosition("not a set", "f.1", 4, 1).gtidCount()).isZero();
    }

    /**
     * The hand-written scanner counts exactly what the plain definition (split on commas, colons and
     * dashes) counts, for well-formed sets of both flavours and for any text of their characters.
     */
    @Property(tries = 3000)
    void gtidCountMatchesTheDefinitionBySplitting(@ForAll("gtidTexts") String set) {
        assertThat(BinlogPosition.gtidCount(set)).as("'%s'", set).isEqualTo(countBySplitting(set));
    }

    @Provide
    Arbitrary<String> gtidTexts() {
        Arbitrary<String> seq = Arbitraries.oneOf(Arbitraries.longs().between(0, 1000).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(17).ofMaxLength(21));
        Arbitrary<String> mariaDb = Combinators.combine(seq, seq, seq).as((d, s, n) -> d + "-" + s + "-" + n);
        Arbitrary<String> interval = Arbitraries.oneOf(seq, Combinators.combine(seq, seq).as((a, b) -> a + "-" + b),
                Arbitraries.just("tag"), Arbitraries.just(""));
        Arbitrary<String> mySql = interval.list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> "3e11fa47-71ca-11e1-9e33-c80aa9429562:" + String.join(":", parts));
        Arbitrary<String> element = Arbitraries.oneOf(mariaDb, mySql,
                Arbitraries.strings().withChars("0123456789-: ").ofMaxLength(12));
        return Arbitraries.oneOf(element.list().ofMaxSize(4).map(l -> String.join(",", l)),
                Arbitraries.strings().withChars("0123456789abcdef-:, ").ofMaxLength(40));
    }

    /** The definition of {@link BinlogPosition#gtidCount()}, written the plain way. */
    private static long countBySplitting(String set) {
        long total = 0;
        for (String element : set.split(",")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue;
            }
            long n = 0;
            if (e.indexOf(':') >= 0) {
                String[] parts = e.split(":");
                for (int i = 1; i < parts.length && n >= 0; i++) {
                    String p = parts[i];
                    if (p.isEmpty() || !Character.isDigit(p.charAt(0))) {
                        continue;
                    }
                    int dash = p.indexOf('-');
                    long lo = plainNumber(dash < 0 ? p : p.substring(0, dash));
                    long hi = dash < 0 ? lo : plainNumber(p.substring(dash + 1));
                    n = lo < 0 || hi < lo ? -1 : (n > Long.MAX_VALUE - (hi - lo + 1) ? Long.MAX_VALUE : n + hi - lo + 1);
                }
            } else {
                String[] parts = e.split("-");
                n = parts.length != 3 || plainNumber(parts[0]) < 0 || plainNumber(parts[1]) < 0 ? -1 : plainNumber(parts[2]);
            }
            if (n < 0) {
                return 0;
            }
            total = total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
        }
        return total;
    }

    private static long plainNumber(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return s.length() > 18 ? Long.MAX_VALUE : Long.parseLong(s);
    }

    @Property
    void numberedBinlogFilesOrderByTheirNumber(@ForAll("binlogPositions") BinlogPosition a) {
        BinlogPosition next = new BinlogPosition(a.gtidSet(), "mysql-bin.000010", 4, 1);
        BinlogPosition earlier = new BinlogPosition(a.gtidSet(), "mysql-bin.000009", Long.MAX_VALUE, BinlogPosition.TX_END);
        assertThat(earlier).isLessThan(next);
    }

    @net.jqwik.api.Example
    void binlogFileNamesWithAndWithoutNumbersStillOrderTransitively() {
        BinlogPosition b1 = new BinlogPosition("", "b.1", 4, 1);
        BinlogPosition aB = new BinlogPosition("", "a.b", 4, 1);
        BinlogPosition a11 = new BinlogPosition("", "a.11", 4, 1);
        assertTransitive(b1, aB, a11);
        assertTransitive(aB, a11, b1);
        assertTransitive(a11, b1, aB);
    }

    private static void assertTransitive(Position a, Position b, Position c) {
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
        if (a.compareTo(b) >= 0 && b.compareTo(c) >= 0) {
            assertThat(a.compareTo(c)).isGreaterThanOrEqualTo(0);
        }
    }
}
