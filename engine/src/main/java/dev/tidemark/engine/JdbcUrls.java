package dev.tidemark.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown: in logs, messages, {@code check} and {@code status} output. A URL
 * can carry a password ({@code ?password=…}, {@code user:pass@host}); every place that prints one
 * goes through {@link #redact(String)}, so a secret written into a URL is never shown.
 */
public final class JdbcUrls {
    /** Shown instead of a secret. */
    public static final String MASK = "****";

    /** Parameters whose value is a secret, matched case-insensitively after {@code ?}, {@code &} or {@code ;}. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&;](?:password|passwd|pwd|sslpassword|keystorepassword|truststorepassword|secret|token|apikey|api_key"
                    + "|accesstoken|access_token)=)([^&;#]*)",
            Pattern.CASE_INSENSITIVE);
    /** {@code //user:password@host}: the password part of the authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:]*:)([^/?#@]*)(@)");

    private JdbcUrls() {
    }

    /**
     * The URL with every secret replaced by {@value #MASK}: the values of password-like parameters
     * and the password of a {@code user:password@} part. Everything else is kept, so the URL still
     * says which server and database it names.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String out = replace(SECRET_PARAMETER.matcher(url));
        return replace(USER_INFO.matcher(out));
    }

    private static String replace(Matcher m) {
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.groupCount() == 3 ? m.group(1) + MASK + m.group(3) : m.group(1) + MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
