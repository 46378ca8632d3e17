-- A user's profile beside the display name: what Piranya's clients read as profile
-- {first_name, middle_name, last_name, email, primary_phone} (docs/dialects.md).
ALTER TABLE users ADD COLUMN first_name text;
ALTER TABLE users ADD COLUMN middle_name text;
ALTER TABLE users ADD COLUMN last_name text;
ALTER TABLE users ADD COLUMN phone text;
