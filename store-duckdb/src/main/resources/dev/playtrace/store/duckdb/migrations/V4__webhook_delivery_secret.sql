-- Version 4: a webhook delivery keeps the secret (encrypted, as the rule stored it) it was created with, so the
-- last message of an incident whose rule was deleted can still be signed.
ALTER TABLE webhook_deliveries ADD COLUMN IF NOT EXISTS stored_secret VARCHAR;
