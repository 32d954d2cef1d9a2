package dev.concord.kg.neo4j;

import org.neo4j.driver.Logger;
import org.neo4j.driver.Logging;

/** Routes the Neo4j driver's log through slf4j, so it follows the application's logging setup. */
final class Slf4jDriverLogging implements Logging {
    @Override
    public Logger getLog(String name) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(name);
        return new Logger() {
            private String format(String message, Object... params) {
                return params == null || params.length == 0 ? message : String.format(message, params);
            }

            @Override
            public void error(String message, Throwable cause) {
                log.error(message, cause);
            }

            @Override
            public void info(String message, Object... params) {
                if (log.isInfoEnabled()) {
                    log.info(format(message, params));
                }
            }

            @Override
            public void warn(String message, Object... params) {
                if (log.isWarnEnabled()) {
                    log.warn(format(message, params));
                }
            }

            @Override
            public void warn(String message, Throwable cause) {
                log.warn(message, cause);
            }

            @Override
            public void debug(String message, Object... params) {
                if (log.isDebugEnabled()) {
                    log.debug(format(message, params));
                }
            }

            @Override
            public void debug(String message, Throwable cause) {
                log.debug(message, cause);
            }

            @Override
            public void trace(String message, Object... params) {
                if (log.isTraceEnabled()) {
                    log.trace(format(message, params));
                }
            }

            @Override
            public boolean isTraceEnabled() {
                return log.isTraceEnabled();
            }

            @Override
            public boolean isDebugEnabled() {
                return log.isDebugEnabled();
            }
        };
    }
}
