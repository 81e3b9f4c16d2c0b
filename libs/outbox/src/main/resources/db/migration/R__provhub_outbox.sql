-- provhub outbox and idempotent-consumer tables, shipped by libs/outbox.
-- A repeatable migration: Flyway re-applies it whenever it changes, after the service's own versioned
-- migrations, so every statement here must be idempotent (IF NOT EXISTS, ON CONFLICT DO NOTHING) and changes
-- must be additive. That keeps the library's schema independent of each service's version numbers.

-- Events written in the producer's own transaction, relayed to Kafka in order per message key.
create table if not exists outbox_event (
    seq          bigint generated always as identity primary key,
    id           uuid        not null unique,
    topic        text        not null,
    message_key  text        not null,
    -- message_key's bucket (0..63): one relay at a time owns a bucket, which keeps per-key order
    bucket       smallint    not null,
    event_type   text        not null,
    ce_source    text        not null,
    ce_subject   text,
    ce_time      timestamptz not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz,
    attempts     integer     not null default 0,
    last_error   text
);

create index if not exists outbox_event_unsent on outbox_event (bucket, seq) where sent_at is null;
create index if not exists outbox_event_sent_at on outbox_event (sent_at) where sent_at is not null;

-- One row per bucket. A relay locks a bucket row (FOR UPDATE SKIP LOCKED) while it publishes that bucket's
-- events, so replicas share the work without two of them ever sending events of one key at once.
create table if not exists outbox_bucket (
    bucket      smallint primary key,
    relayed_at  timestamptz
);

insert into outbox_bucket (bucket) select generate_series(0, 63) on conflict do nothing;

-- The newest version of each key a consumer has applied; written in the consumer's own transaction.
create table if not exists consumed_version (
    consumer     text        not null,
    message_key  text        not null,
    version      bigint      not null,
    event_id     uuid        not null,
    consumed_at  timestamptz not null default now(),
    primary key (consumer, message_key)
);

-- Scheduled jobs (scheduled_job_run) moved to libs/runs, which creates the same table if it is missing.
