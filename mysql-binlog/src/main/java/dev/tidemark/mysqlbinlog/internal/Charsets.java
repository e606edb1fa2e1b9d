package dev.tidemark.mysqlbinlog.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * MySQL/MariaDB character set names to Java charsets. MySQL's {@code latin1} is Windows-1252, not
 * ISO-8859-1; {@code utf8}/{@code utf8mb3} and {@code utf8mb4} are both UTF-8 (the former without
 * 4-byte characters). {@code binary} has no charset: such values stay bytes.
 */
final class Charsets {
    /** Stands for "no character set": the column holds bytes. */
    static final String BINARY = "binary";

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("utf8mb4", "UTF-8"), Map.entry("utf8mb3", "UTF-8"), Map.entry("utf8", "UTF-8"),
            Map.entry("latin1", "windows-1252"), Map.entry("ascii", "US-ASCII"), Map.entry("latin2", "ISO-8859-2"),
            Map.entry("latin5", "ISO-8859-9"), Map.entry("latin7", "ISO-8859-13"), Map.entry("greek", "ISO-8859-7"),
            Map.entry("hebrew", "ISO-8859-8"), Map.entry("cp1250", "windows-1250"), Map.entry("cp1251", "windows-1251"),
            Map.entry("cp1256", "windows-1256"), Map.entry("cp1257", "windows-1257"), Map.entry("cp850", "IBM850"),
            Map.entry("cp852", "IBM852"), Map.entry("cp866", "IBM866"), Map.entry("koi8r", "KOI8-R"),
            Map.entry("koi8u", "KOI8-U"), Map.entry("sjis", "Shift_JIS"), Map.entry("cp932", "windows-31j"),
            Map.entry("ujis", "EUC-JP"), Map.entry("eucjpms", "x-eucJP-Open"), Map.entry("euckr", "EUC-KR"),
            Map.entry("gbk", "GBK"), Map.entry("gb2312", "GB2312"), Map.entry("gb18030", "GB18030"),
            Map.entry("big5", "Big5"), Map.entry("tis620", "TIS-620"), Map.entry("ucs2", "UTF-16BE"),
            Map.entry("utf16", "UTF-16BE"), Map.entry("utf16le", "UTF-16LE"), Map.entry("utf32", "UTF-32BE"),
            Map.entry("macroman", "x-MacRoman"), Map.entry("macce", "x-MacCentralEurope"));

    private Charsets() {
    }

    /**
     * The Java charset for a server charset name; null for {@code binary}. Throws for a charset
     * Java cannot decode, which the caller reports once and treats as binary.
     */
    static Charset forServerName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals(BINARY)) {
            return null;
        }
        String javaName = JAVA_NAMES.get(n);
        if (javaName == null || !Charset.isSupported(javaName)) {
            throw new IllegalArgumentException("character set '" + name + "' has no Java equivalent");
        }
        return javaName.equals("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName(javaName);
    }
}
