-- What the test consumer applied, in the order it applied it.
create table test_applied (
    n           bigint generated always as identity primary key,
    message_key text   not null,
    version     bigint not null,
    event_id    uuid   not null
);
