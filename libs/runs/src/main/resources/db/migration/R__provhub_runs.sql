-- provhub runs and scheduled jobs, shipped by libs/runs (see docs/runs.md).
-- A repeatable migration, as the outbox's: Flyway re-applies it whenever it changes, after the service's own
-- versioned migrations, so every statement must be idempotent and changes additive.

-- Every long run of a service (an import, an export, a sync, a SCIM job): one lifecycle for all of them. The
-- service keeps what is special to its runs in tables of its own, keyed by the run id.
create table if not exists run (
    id             uuid        primary key,
    kind           text        not null,
    -- what the run works on (an organisation, "all"): at most one run of a kind and scope runs at a time
    scope          text        not null,
    status         text        not null,
    trigger        text        not null,
    requested_by   text,
    dry_run        boolean     not null default false,
    progress_total bigint,
    progress_done  bigint      not null default 0,
    counts         jsonb       not null default '{}'::jsonb,
    failure        text,
    -- the process running it and when it last said so: recovery takes over only runs whose heartbeat is stale
    owner          text,
    heartbeat_at   timestamptz,
    attempts       integer     not null default 0,
    created_at     timestamptz not null default now(),
    started_at     timestamptz,
    finished_at    timestamptz
);
create unique index if not exists run_one_running on run (kind, scope) where status = 'RUNNING';
create index if not exists run_queued on run (created_at) where status = 'QUEUED';
create index if not exists run_running on run (heartbeat_at) where status = 'RUNNING';
create index if not exists run_recent on run (kind, created_at desc);

-- What a run has to say about single lines or keys: rejected rows, skipped members, failed records.
create table if not exists run_item (
    run_id   uuid   not null,
    seq      bigint generated always as identity,
    line     bigint,
    item_key text,
    kind     text   not null,
    reason   text   not null,
    detail   text,
    primary key (run_id, seq)
);

-- Files a run received or wrote (an uploaded CSV, the export's CSV files), in the database so that every replica
-- can run the run and serve the files; stored in chunks so that neither side holds a whole file in memory.
create table if not exists run_artefact (
    run_id     uuid        not null,
    name       text        not null,
    media_type text        not null,
    size_bytes bigint      not null,
    created_at timestamptz not null default now(),
    primary key (run_id, name)
);
create index if not exists run_artefact_created on run_artefact (created_at);

create table if not exists run_artefact_chunk (
    run_id uuid    not null,
    name   text    not null,
    n      integer not null,
    data   bytea   not null,
    primary key (run_id, name, n)
);

-- One row per scheduled job and fire time: the replica whose insert lands runs that fire time (OncePerSchedule).
create table if not exists scheduled_job_run (
    job        text        not null,
    fire_time  timestamptz not null,
    instance   text        not null,
    primary key (job, fire_time)
);

-- The replica running a scheduled job now, until when: no other replica starts the job while the lease holds, so
-- a job that outlasts its interval never overlaps itself; a replica that dies stops renewing and the lease lapses.
create table if not exists scheduled_job_lease (
    job         text        primary key,
    owner       text        not null,
    fire_time   timestamptz not null,
    lease_until timestamptz not null
);
