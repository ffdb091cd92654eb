-- Budgets shared by every server of a deployment on PostgreSQL (src/store/budgets.rs).
-- A single SQLite server counts in memory and leaves these tables empty; they exist on
-- both so that there is one schema.

-- Requests leased out of each key's rate-limit window: `used` counts every request any
-- server took, `granted` is the size of the last lease (read back by that server).
CREATE TABLE rate_limit_windows (
    api_key_id TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    used BIGINT NOT NULL,
    granted BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, window_start)
);

-- Failed sign-in attempts per throttle (staff_by_account, customer_by_key, ...) and
-- subject (an email, an address, a key id), in a window opened by the first attempt.
CREATE TABLE throttle_windows (
    throttle TEXT NOT NULL,
    subject TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    used BIGINT NOT NULL,
    PRIMARY KEY (throttle, subject)
);
