-- No race can duplicate a user's identity, whatever the application does: a live (not deleted) user's OrgLoginID
-- is unique within its home organisation, a live user's e-mail is unique, a RecordUID is unique (already so).
-- Deleted users keep their keys when the organisation preserves them, so lookups still cover them: the unique
-- indexes are partial, the lookup indexes stay.
-- Before this version two replicas could run one import twice and duplicate users; such duplicates make this
-- migration fail naming the key. Find them with
--   select home_org_id, lower(org_login_id), count(*) from directory_user
--   where org_login_id is not null and not deleted group by 1, 2 having count(*) > 1;
-- (and the same for lower(email)), delete or rename the extra users, then start the service again.
create unique index directory_user_live_org_login_id on directory_user (home_org_id, lower(org_login_id))
    where org_login_id is not null and not deleted;
create unique index directory_user_live_email on directory_user (lower(email))
    where email is not null and not deleted;

-- An optimistic lock: two transactions that change one user (a REST import, a folder import, the limbo purge)
-- cannot both commit from the same starting point, so no two events ever carry the same version.
alter table directory_user add column row_version bigint not null default 0;
