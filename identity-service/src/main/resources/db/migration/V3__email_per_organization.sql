-- An email is unique within its organization, not across organizations: one person may have an account
-- in several, and no answer tells an organization (or an anonymous signup) that an email is registered
-- elsewhere (docs/identity.md, Emails and organizations). Login looks an email up across organizations.
DROP INDEX users_email;
CREATE UNIQUE INDEX users_email ON users (org_id, email);
CREATE INDEX users_login_email ON users (email);
