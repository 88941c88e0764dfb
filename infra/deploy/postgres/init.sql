-- One database and owner role per concern, plus the audit store's INSERT/SELECT-only writer, as the local
-- system's provisioning creates them. Passwords here are for a laptop; a deployment sets its own.
CREATE ROLE agentshop_events WITH LOGIN PASSWORD 'agentshop-events-compose';
CREATE ROLE agentshop_readmodels WITH LOGIN PASSWORD 'agentshop-readmodels-compose';
CREATE ROLE agentshop_audit WITH LOGIN PASSWORD 'agentshop-audit-owner-compose';
CREATE ROLE agentshop_audit_writer WITH LOGIN PASSWORD 'agentshop-audit-writer';
CREATE DATABASE agentshop_events OWNER agentshop_events;
CREATE DATABASE agentshop_readmodels OWNER agentshop_readmodels;
CREATE DATABASE agentshop_audit OWNER agentshop_audit;
GRANT CONNECT ON DATABASE agentshop_audit TO agentshop_audit_writer;
