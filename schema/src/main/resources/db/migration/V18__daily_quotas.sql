-- Issue 13: daily quotas (rpd, tpd) per deployment, shared by every worker replica like the
-- per-minute buckets. One row per deployment and quota day; a day starts at the deployment's
-- daily_reset_hour (UTC), and the row of a new day is created by its first call. Every call to a
-- deployment with a quota takes one request and its token bound here under the row's lock,
-- only while the day's quota has room; after the answer the bound is settled to the real usage.
-- Old days' rows stay (one small row per deployment and day) as a record of the use.
CREATE TABLE daily_quota_use (
    deployment  text NOT NULL,
    day_start   timestamptz NOT NULL,
    requests    bigint NOT NULL,
    tokens      bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deployment, day_start)
);
