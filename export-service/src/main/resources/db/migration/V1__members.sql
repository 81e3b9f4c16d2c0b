-- export-service: the member projection fed by user-changes, and what was last exported to Office 365.

create sequence member_change_seq;

-- Each user as the export sees it now: the eight column values, mapped from the latest event applied.
create table member (
    user_id           uuid primary key,
    origin            text        not null,
    deleted           boolean     not null default false,
    membernumber      text,
    upn               text,
    firstname         text,
    lastname          text,
    email             text,
    postalcode        text,
    is_suspended      boolean     not null default false,
    is_o365_suspended boolean     not null default false,
    -- grows with every applied change: an export looks only at members changed since the last one
    change_seq        bigint      not null,
    -- why the last export left this member out (a value the format cannot carry); re-examined every run
    withheld_reason   text,
    updated_at        timestamptz not null default now()
);
create index member_by_change_seq on member (change_seq);
create index member_withheld on member (user_id) where withheld_reason is not null;

-- The row last exported for each member number: what Office 365 has.
create table exported_member (
    membernumber text primary key,
    user_id      uuid        not null,
    line         text        not null,
    exported_at  timestamptz not null,
    run_id       uuid
);
create index exported_member_user on exported_member (user_id);

-- How far the exported state goes: every change up to this member_change_seq value is in it.
create table export_watermark (
    id          integer primary key check (id = 1),
    change_seq  bigint      not null,
    updated_at  timestamptz not null default now()
);
insert into export_watermark (id, change_seq) values (1, 0);

create table export_run (
    id           uuid primary key,
    status       text        not null,
    dry_run      boolean     not null,
    trigger      text        not null,
    requested_by text,
    upto_seq     bigint,
    counts       jsonb       not null default '{}'::jsonb,
    files        jsonb       not null default '[]'::jsonb,
    withheld     jsonb       not null default '[]'::jsonb,
    failure      text,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz
);
-- at most one export runs at a time, across replicas
create unique index export_run_single_running on export_run ((true)) where status = 'RUNNING';


-- What a run will make of the exported state once its files are uploaded (scratch, per run).
create table export_staged (
    run_id       uuid   not null,
    action       text   not null,
    membernumber text,
    user_id      uuid   not null,
    line         text,
    reason       text
);
create index export_staged_run on export_staged (run_id, action);
