-- One database, login and schema per service (the local stack's names). Demo passwords: compose is for trying
-- provhub on one machine, never for production (deploy/k8s gives each service its own operator-made password).
CREATE ROLE import LOGIN PASSWORD 'import';
CREATE ROLE export LOGIN PASSWORD 'export';
CREATE ROLE sync LOGIN PASSWORD 'sync';
CREATE ROLE scim LOGIN PASSWORD 'scim';
CREATE DATABASE import OWNER import;
CREATE DATABASE export OWNER export;
CREATE DATABASE sync OWNER sync;
CREATE DATABASE scim OWNER scim;
\connect import
CREATE SCHEMA import AUTHORIZATION import;
\connect export
CREATE SCHEMA export AUTHORIZATION export;
\connect sync
CREATE SCHEMA sync AUTHORIZATION sync;
\connect scim
CREATE SCHEMA scim AUTHORIZATION scim;
