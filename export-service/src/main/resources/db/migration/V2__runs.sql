-- Export runs move to libs/runs' run table (status, trigger, counts, owner and heartbeat, items, artefacts);
-- export_run keeps what is special to an export, keyed by the run id. Before this version no release was
-- published, so earlier runs' statuses are not carried over.
drop index if exists export_run_single_running;
drop table export_run;

create table export_run (
    run_id   uuid primary key,
    upto_seq bigint,
    files    jsonb not null default '[]'::jsonb
);
