package dev.tidemark.migrations.internal;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Sends Liquibase's log to SLF4J instead of java.util.logging's console, one step quieter: its
 * INFO chatter ("Creating database history table…") becomes DEBUG, as Tidemark logs the outcome itself.
 */
final class Slf4jLogService extends AbstractLogService {
    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    @SuppressWarnings("rawtypes") // Liquibase's signature
    public Logger getLog(Class clazz) {
        return new Slf4jLogger(LoggerFactory.getLogger(clazz));
    }

    private static final class Slf4jLogger extends AbstractLogger {
        private final org.slf4j.Logger log;

        Slf4jLogger(org.slf4j.Logger log) {
            this.log = log;
        }

        @Override
        public void close() {
            // nothing to release: SLF4J loggers are shared
        }

        @Override
        public void log(Level level, String message, Throwable e) {
            int v = level.intValue();
            if (v == Level.OFF.intValue()) {
                // Liquibase logs some messages "at" OFF (its analytics) to mean: never show this
                return;
            }
            if (v >= Level.SEVERE.intValue()) {
                log.error(message, e);
            } else if (v >= Level.WARNING.intValue()) {
                log.warn(message, e);
            } else if (v >= Level.INFO.intValue()) {
                log.debug(message, e);
            } else {
                log.trace(message, e);
            }
        }
    }
}
