-- The admin's list of accounts (GET /accounts): newest first, optionally of one mode, paged by (opened_at, user_id).
CREATE INDEX accounts_newest_first ON accounts (opened_at DESC, user_id DESC);
CREATE INDEX accounts_by_mode ON accounts (mode, opened_at DESC, user_id DESC);
