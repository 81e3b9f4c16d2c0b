-- A SCIM job: one CSV file (or a batch of user changes) sent to one provisioning job. Its passes are runs
-- (libs/runs, kind scim-job); the job keeps its own state between passes: waiting for the daily quota, a bucket
-- that was full, the provisioning logs.
create table scim_job (
    id                  uuid primary key,
    source              text not null,
    service_principal   text,
    provisioning_job    text,
    tenant_id           text,
    client_id           text,
    client_certificate  text,
    mapping_name        text,
    mapping             text,
    namespace           text,
    csv_name            text,
    full_send           boolean not null default false,
    restart_service     boolean not null default false,
    dry_run             boolean not null default false,
    requested_by        text,
    state               text not null,
    wait_reason         text,
    resume_at           timestamptz,
    run_id              uuid,
    records_read        bigint not null default 0,
    records_rejected    bigint not null default 0,
    records_unchanged   bigint not null default 0,
    records_superseded  bigint not null default 0,
    records_sent        bigint not null default 0,
    records_accepted    bigint not null default 0,
    records_failed      bigint not null default 0,
    requests_total      int not null default 0,
    requests_sent       int not null default 0,
    first_sent_at       timestamptz,
    failure             text,
    created_at          timestamptz not null default now(),
    finished_at         timestamptz
);
create index scim_job_due on scim_job (resume_at) where state in ('WAITING', 'FOLLOWING_LOGS', 'INTERRUPTED');

-- The records of a job, mapped: a unique key per externalId, so a file that repeats one keeps the last record.
create table scim_record (
    job_id       uuid not null references scim_job (id) on delete cascade,
    external_id  text not null,
    line         bigint,
    bulk_id      text not null,
    hash         text not null,
    data         text not null,
    state        text not null,
    request_n    int,
    attempts     int not null default 0,
    outcome      text,
    sent_at      timestamptz,
    primary key (job_id, external_id)
);
create index scim_record_request on scim_record (job_id, request_n);

-- Every request of a job, recorded before it is sent (its records, payload and its hash, a client-request-id) and
-- its outcome after: a restart never sends a request whose outcome it does not know without reconciling it first.
create table scim_request (
    job_id             uuid not null references scim_job (id) on delete cascade,
    n                  int not null,
    client_request_id  uuid not null unique,
    records            int not null,
    payload            text not null,
    payload_hash       text not null,
    state              text not null,
    http_status        int,
    location           text,
    attempts           int not null default 0,
    attempted_at       timestamptz,
    answered_at        timestamptz,
    note               text,
    primary key (job_id, n)
);
create index scim_request_open on scim_request (job_id) where state in ('PREPARED', 'SENDING');

-- What each provisioning job last accepted per externalId: only records whose payload changed are sent again.
create table scim_sent_state (
    target       text not null,
    external_id  text not null,
    hash         text not null,
    job_id       uuid,
    accepted_at  timestamptz not null,
    primary key (target, external_id)
);

-- The calls made to bulkUpload per tenant, for pacing (40 in any 5 s) and the daily quota, across replicas; the
-- pacer row is locked while a slot is taken.
create table scim_pacer (
    tenant  text primary key
);
create table scim_call (
    id      bigserial primary key,
    tenant  text not null,
    at      timestamptz not null
);
create index scim_call_tenant_at on scim_call (tenant, at);

-- user-change events as a source: the latest mapped record per provisioning target and externalId, pending until a
-- batch (50, or the flush interval) becomes a SCIM job of source 'events'.
create table scim_event_record (
    target       text not null,
    external_id  text not null,
    bulk_id      text not null,
    hash         text not null,
    data         text not null,
    user_id      uuid not null,
    pending      boolean not null,
    changed_at   timestamptz not null,
    primary key (target, external_id)
);
create index scim_event_record_pending on scim_event_record (target, changed_at) where pending;
