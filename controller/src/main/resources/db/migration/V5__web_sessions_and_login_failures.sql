-- Web UI sessions and login-failure counts, shared by every Concord process on one database (issue 19:
-- several replicas). A session is stored under the SHA-256 of its id, its CSRF token likewise, so that
-- reading the table does not let anyone take a session over.
CREATE TABLE concord_web_session (
    id_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    username   VARCHAR(200) NOT NULL,
    csrf_hash  VARCHAR(64)  NOT NULL,
    created    BIGINT       NOT NULL,
    last_seen  BIGINT       NOT NULL
);
CREATE INDEX concord_web_session_user ON concord_web_session (username);

-- One row per throttled key: "u:<user>|<address>" or "a:<address>".
CREATE TABLE concord_login_failure (
    throttle_key  VARCHAR(600) NOT NULL PRIMARY KEY,
    failures      INTEGER      NOT NULL,
    last_failure  BIGINT       NOT NULL,
    blocked_until BIGINT       NOT NULL
);
