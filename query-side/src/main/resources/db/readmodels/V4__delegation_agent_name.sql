-- The name an agent's client went by where the user consented (DelegationGranted v2); NULL when unknown.
ALTER TABLE delegations ADD COLUMN agent_name TEXT;
