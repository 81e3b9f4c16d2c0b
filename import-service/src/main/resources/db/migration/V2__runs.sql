-- Import runs move to libs/runs' run table (status, trigger, progress, counts, owner and heartbeat); rejected rows
-- become run items and the received file a run artefact, so that any replica can run a queued import. import_run
-- keeps what is special to an import, keyed by the run id. Before this version no release was published, so
-- earlier runs are not carried over.
drop table import_row_error;
drop table import_run;

create table import_run (
    run_id           uuid primary key,
    org_id           uuid    not null references organisation (id),
    org_path         text    not null,
    file_name        text,
    allow_update     boolean not null,
    allow_reactivate boolean not null,
    forced           boolean not null,
    ignored_columns  jsonb   not null default '[]'::jsonb
);
create index import_run_org on import_run (org_id);
