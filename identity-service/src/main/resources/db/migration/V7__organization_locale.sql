-- An organization's language: the locale of its answers when a request names none (Piranya's
-- "locale", docs/dialects.md). A primary language tag, lowercase.
ALTER TABLE organizations ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2,8}$');
