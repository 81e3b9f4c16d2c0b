-- The user directory owned by import-service.

create table organisation (
    id          uuid primary key,
    path        text        not null,
    name        text        not null,
    parent_id   uuid references organisation (id),
    -- import configuration (ImportSettings) as JSON; validated by the service before it is stored
    settings    jsonb       not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    row_version bigint      not null default 0
);
create unique index organisation_path on organisation (lower(path));

create table profile_field (
    org_id  uuid not null references organisation (id) on delete cascade,
    name    text not null,
    primary key (org_id, name)
);
create unique index profile_field_name on profile_field (org_id, lower(name));

create table directory_user (
    id                    uuid primary key,
    user_name             text        not null,
    home_org_id           uuid        not null references organisation (id),
    org_login_id          text,
    email                 text,
    contact_email         text,
    first_name            text,
    last_name             text,
    can_view_reports      boolean     not null default false,
    force_password_change boolean     not null default false,
    active                boolean     not null default true,
    deleted               boolean     not null default false,
    deleted_at            timestamptz,
    limbo                 boolean     not null default false,
    purge_at              date,
    record_uid            text,
    source_uid            text,
    -- "<algorithm>$<parameters>$<salt>$<hash>"; null = no usable password (must be reset)
    password_hash         text,
    password_expired      boolean     not null default false,
    -- the per-user event version: grows with every change that is published
    version               bigint      not null default 0,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);
create unique index directory_user_user_name on directory_user (lower(user_name));
create unique index directory_user_record_uid on directory_user (record_uid) where record_uid is not null;
create index directory_user_org_login_id on directory_user (home_org_id, lower(org_login_id))
    where org_login_id is not null;
create index directory_user_email on directory_user (lower(email)) where email is not null;
create index directory_user_purge on directory_user (purge_at) where purge_at is not null;

create table user_org (
    user_id uuid not null references directory_user (id) on delete cascade,
    org_id  uuid not null references organisation (id),
    primary key (user_id, org_id)
);
create index user_org_org on user_org (org_id);

create table user_profile_value (
    user_id    uuid not null references directory_user (id) on delete cascade,
    field_name text not null,
    value      text not null,
    primary key (user_id, field_name)
);

-- user names handed out per base name, so a generated name is never reused (even after a delete)
create table user_name_counter (
    base_name text primary key,
    last      integer not null
);

create table import_run (
    id              uuid primary key,
    org_id          uuid        not null references organisation (id),
    org_path        text        not null,
    source          text        not null,
    file_name       text,
    spool_file      text,
    status          text        not null,
    dry_run         boolean     not null,
    allow_update    boolean     not null,
    allow_reactivate boolean    not null,
    forced          boolean     not null,
    requested_by    text,
    rows_total      bigint      not null default 0,
    rows_done       bigint      not null default 0,
    counts          jsonb       not null default '{}'::jsonb,
    ignored_columns jsonb       not null default '[]'::jsonb,
    failure         text,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
create index import_run_status on import_run (status);

create table import_row_error (
    run_id  uuid   not null references import_run (id) on delete cascade,
    line    bigint not null,
    kind    text   not null,
    reason  text   not null,
    -- the rejected row as CSV, password column redacted
    raw     text,
    primary key (run_id, line)
);

-- RecordUIDs a full import's file names, collected before anything is applied (scratch, per run)
create table import_seen (
    run_id     uuid not null,
    record_uid text not null,
    primary key (run_id, record_uid)
);

