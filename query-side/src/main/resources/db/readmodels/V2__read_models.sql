-- Read models built from the event stream. last_position is the global position of the last event applied to the
-- row: a reader holding the position of its own write waits until the row has reached it.

CREATE TABLE catalog_products (
    sku           TEXT        PRIMARY KEY,
    name          TEXT        NOT NULL,
    category      TEXT        NOT NULL,
    family        TEXT        NOT NULL,
    variant       TEXT        NOT NULL,
    price_minor   BIGINT      NOT NULL,
    currency      TEXT        NOT NULL,
    stock         INTEGER     NOT NULL,
    last_position BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    search        TSVECTOR GENERATED ALWAYS AS
                  (to_tsvector('simple', name || ' ' || category || ' ' || family || ' ' || variant || ' ' || sku)) STORED
);
CREATE INDEX catalog_products_search ON catalog_products USING GIN (search);
CREATE INDEX catalog_products_category ON catalog_products (category);

CREATE TABLE orders (
    order_id          TEXT        PRIMARY KEY,
    user_id           TEXT        NOT NULL,
    agent_id          TEXT,
    status            TEXT        NOT NULL,
    total_minor       BIGINT      NOT NULL,
    currency          TEXT        NOT NULL,
    lines             JSONB       NOT NULL,
    note              TEXT,
    idempotency_key   TEXT,
    placed_at         TIMESTAMPTZ NOT NULL,
    approval_deadline TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL,
    last_position     BIGINT      NOT NULL
);
CREATE INDEX orders_by_user ON orders (user_id, placed_at DESC, order_id);
CREATE INDEX orders_by_agent ON orders (agent_id, placed_at DESC, order_id);
CREATE INDEX orders_by_status ON orders (status, placed_at DESC, order_id);

CREATE TABLE accounts (
    user_id       TEXT        PRIMARY KEY,
    mode          TEXT        NOT NULL,
    mode_reason   TEXT,
    opened_at     TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    last_position BIGINT      NOT NULL
);

CREATE TABLE delegations (
    user_id           TEXT        NOT NULL,
    agent_id          TEXT        NOT NULL,
    scopes            JSONB       NOT NULL,
    limits            JSONB       NOT NULL,
    expires_at        TIMESTAMPTZ,
    revoked           BOOLEAN     NOT NULL DEFAULT FALSE,
    revoked_reason    TEXT,
    spend_day         DATE,
    spent_minor       BIGINT      NOT NULL DEFAULT 0,
    spent_currency    TEXT,
    last_used_at      TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL,
    last_position     BIGINT      NOT NULL,
    PRIMARY KEY (user_id, agent_id)
);
