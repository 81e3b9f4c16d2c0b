-- sync-service's own schema: the application's groups, users and memberships, the details of sync runs, and what
-- a sync profile remembers between runs (its delta links and the Office 365 groups it follows).

create table app_group (
    id              uuid primary key,
    name            text not null,
    -- made by a sync (auto-create, target group, attribute group, the default group) rather than by hand
    created_by_sync boolean not null default false,
    -- the Office 365 group it mirrors, as last synced
    graph_group_id  text,
    created_at      timestamptz not null default now()
);
-- one group per name, whatever the case: no race can make two
create unique index app_group_name on app_group (lower(name));

create table app_user (
    id                       uuid primary key,
    user_name                text not null,
    first_name               varchar(100),
    last_name                varchar(100),
    email                    text,
    upn                      text,
    display_name             text,
    user_type                text not null default 'regular'
        check (user_type in ('regular', 'administrator', 'power_user')),
    trusted_server_user_name text,
    -- the Entra object id of the user it mirrors; null for users made by hand and not linked yet
    graph_id                 text,
    enabled                  boolean not null default true,
    deleted                  boolean not null default false,
    custom_attributes        jsonb not null default '{}'::jsonb,
    created_by_sync          boolean not null default false,
    -- the version of the user's last published event: it only grows
    event_version            bigint not null default 0,
    -- optimistic lock: two changes of one user can never both commit from the same state
    row_version              bigint not null default 0,
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now()
);
-- one user per Entra object and one live user per user name: no race can duplicate a user
create unique index app_user_graph_id on app_user (graph_id) where graph_id is not null;
create unique index app_user_name on app_user (lower(user_name)) where not deleted;

-- A user is a member of a group while it has at least one row here. The source says who wants the membership:
-- 'manual' (made by hand, never touched by a sync), 'graph:<Office 365 group id>' (that group's members),
-- 'attribute:<name>' (--map-attr-to-group) or 'default' (the Default Group). Only the sync removes sync sources.
create table membership (
    group_id   uuid not null references app_group (id) on delete cascade,
    user_id    uuid not null references app_user (id) on delete cascade,
    source     text not null,
    created_at timestamptz not null default now(),
    primary key (group_id, user_id, source)
);
create index membership_user on membership (user_id);
create index membership_source on membership (source, group_id);

-- What is special to a sync run (libs/runs' run table has status, progress, counts, items)
create table sync_run (
    run_id         uuid primary key,
    profile        text,
    -- the run's options as JSON; credentials are never part of them
    options        jsonb not null,
    -- full | incremental, and why
    mode           text,
    mode_reason    text,
    summary        jsonb,
    graph_requests integer
);
create index sync_run_profile on sync_run (profile);

-- What a profile remembers between runs, for incremental runs
create table sync_profile_state (
    profile           text primary key,
    -- a digest of the options that decide what is read: other options, a full run
    fingerprint       text not null,
    groups_delta_link text,
    users_delta_link  text,
    last_full_at      timestamptz,
    last_run_at       timestamptz
);

-- The Office 365 groups a profile follows: its roots (the groups it was asked for) with their application group
create table sync_profile_root (
    profile        text not null,
    graph_group_id text not null,
    display_name   text not null,
    app_group_name text,
    primary key (profile, graph_group_id)
);

-- The members of every Office 365 group a profile follows (roots and, with --process-child-groups, nested
-- groups), as last read: users and groups. Incremental runs apply the delta to them.
create table sync_graph_edge (
    profile     text not null,
    parent_id   text not null,
    member_id   text not null,
    member_kind text not null check (member_kind in ('user', 'group')),
    primary key (profile, parent_id, member_id)
);
create index sync_graph_edge_member on sync_graph_edge (profile, member_id);
