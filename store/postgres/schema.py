"""The PostgreSQL schema of a workspace: versioned migrations, applied by `huddle db upgrade`.

Everything lives in the schema `huddle` of one database:
- `shards(name, rev, alive)`: one row per shard; `rev` is the shard's revision (the row a
  writer locks with `SELECT … FOR UPDATE`); `alive` is false after `huddle demo --force`.
- `documents(shard, tbl, doc_id, body, rev, written_by, written_at)`: one row per document;
  a removed document stays as a tombstone (`body` NULL) with the revision that removed it, so a
  reader fetches only the rows whose `rev` is newer than the revision it holds. `written_by`
  and `written_at` are set by the server (trigger), whatever the client sends.
- `audit(shard, doc_id, rev, body, written_at)`: the `_audit` table of every shard. Insert
  only: members get no UPDATE/DELETE/TRUNCATE grant and a trigger refuses them even to the
  owner. The author (`by`) is set by a trigger from `session_user`; an entry made for another
  member (`for`) is refused unless `session_user` is a workspace admin.
- The members of the `directory` shard (table `members`, each with its `admin` flag) are
  writable only by a workspace admin (trigger), so a member cannot make themselves admin.
- A document's body is a JSON object (or NULL: removed), and a shard's row keeps its name
  and its revision only grows, by one a commit (trigger `shards_guard`, version 2).
- The role `huddle_member` (NOLOGIN) holds the grants; `huddle db grant LOGIN` creates a
  member's login role in it. The tables belong to whoever ran the upgrade (the owner role).

A migration is a list of SQL statements; `SCHEMA_VERSION` is the number of migrations. A
database at a newer version than this code is refused; an older one asks for the upgrade.
"""

from __future__ import annotations

from .errors import schema_too_new

MEMBER_ROLE = "huddle_member"
CHANNEL = "huddle_changes"
_PAYLOAD_MAX = 7999  # bytes: PostgreSQL refuses a longer NOTIFY payload (and the commit)


def notice(names) -> str:
    """The NOTIFY payload for a commit to the shards `names`: their names, or "*" (any) when
    they would not fit (listeners ask `changes()` which moved in any case)."""
    payload = " ".join(sorted(names))
    return payload if len(payload.encode()) <= _PAYLOAD_MAX else "*"

_V1 = [
    "CREATE SCHEMA IF NOT EXISTS huddle",
    "CREATE TABLE huddle.schema_version (version integer NOT NULL)",
    "INSERT INTO huddle.schema_version VALUES (0)",
    """CREATE TABLE huddle.shards (
        name text PRIMARY KEY,
        rev bigint NOT NULL DEFAULT 0,
        alive boolean NOT NULL DEFAULT false)""",
    """CREATE TABLE huddle.documents (
        shard text NOT NULL,
        tbl text NOT NULL,
        doc_id text NOT NULL,
        body json,
        rev bigint NOT NULL,
        written_by name NOT NULL DEFAULT session_user,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shard, tbl, doc_id),
        CHECK (doc_id ~ '^[1-9][0-9]{0,17}$'),
        CHECK (tbl <> '_audit'))""",  # the audit is its own table, whose author the server sets
    "CREATE INDEX documents_by_rev ON huddle.documents (shard, rev)",
    """CREATE TABLE huddle.audit (
        shard text NOT NULL,
        doc_id text NOT NULL,
        rev bigint NOT NULL,
        body json NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shard, doc_id),
        CHECK (doc_id ~ '^[1-9][0-9]{0,17}$'))""",
    "CREATE INDEX audit_by_rev ON huddle.audit (shard, rev)",
    # the revision a row written now belongs to: the shard's next. Set by the server, so a row
    # written with psql is never "in the past", where readers fetching what is newer than
    # their revision would miss it (and its doc_id would collide with the store's next one)
    """CREATE FUNCTION huddle.next_rev(shard_name text) RETURNS bigint
        LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT COALESCE((SELECT rev FROM huddle.shards WHERE name = shard_name), 0) + 1
    $$""",
    # a workspace admin, as the members of the directory say (the domain's own rule)
    """CREATE FUNCTION huddle.is_admin(who text) RETURNS boolean
        LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
        SELECT EXISTS (SELECT 1 FROM huddle.documents
                       WHERE shard = 'directory' AND tbl = 'members' AND body IS NOT NULL
                         AND body->>'login' = who AND (body->'admin')::jsonb = 'true'::jsonb)
    $$""",
    # STABLE: the check sees the members as they were when the statement began, so one
    # UPDATE that empties the members (`huddle demo --force`) is judged by who ran it
    """CREATE FUNCTION huddle.documents_guard() RETURNS trigger
        LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            NEW.written_by := session_user;
            NEW.written_at := now();
            NEW.rev := huddle.next_rev(NEW.shard);
            -- the old row counts too: moving a member's row out of the table removes it
            IF ((NEW.shard = 'directory' AND NEW.tbl = 'members')
                OR (TG_OP = 'UPDATE' AND OLD.shard = 'directory' AND OLD.tbl = 'members'))
               AND EXISTS (SELECT 1 FROM huddle.documents WHERE shard = 'directory'
                           AND tbl = 'members' AND body IS NOT NULL)
               AND NOT huddle.is_admin(session_user::text) THEN
                RAISE EXCEPTION 'only a workspace admin may change the members (% is not one)',
                    session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER documents_guard BEFORE INSERT OR UPDATE ON huddle.documents
        FOR EACH ROW EXECUTE FUNCTION huddle.documents_guard()""",
    """CREATE FUNCTION huddle.audit_author() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        DECLARE entry jsonb := NEW.body::jsonb;
        BEGIN
            IF jsonb_typeof(entry) <> 'object' THEN
                RAISE EXCEPTION 'an audit entry is a JSON object' USING ERRCODE = 'check_violation';
            END IF;
            IF entry ? 'for' AND entry->>'for' IS DISTINCT FROM session_user::text
               AND NOT huddle.is_admin(session_user::text) THEN
                RAISE EXCEPTION 'only a workspace admin may act for another member (% is not one)',
                    session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            NEW.body := jsonb_set(entry, '{by}', to_jsonb(session_user::text))::json;
            NEW.written_at := now();
            NEW.rev := huddle.next_rev(NEW.shard);
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER audit_author BEFORE INSERT ON huddle.audit
        FOR EACH ROW EXECUTE FUNCTION huddle.audit_author()""",
    """CREATE FUNCTION huddle.audit_is_history() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit is insert-only' USING ERRCODE = 'insufficient_privilege';
        END $$""",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON huddle.audit
        FOR EACH ROW EXECUTE FUNCTION huddle.audit_is_history()""",
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON huddle.audit
        FOR EACH STATEMENT EXECUTE FUNCTION huddle.audit_is_history()""",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{MEMBER_ROLE}') THEN
            CREATE ROLE {MEMBER_ROLE} NOLOGIN;
        END IF;
    END $$""",
    f"GRANT USAGE ON SCHEMA huddle TO {MEMBER_ROLE}",
    f"GRANT SELECT ON ALL TABLES IN SCHEMA huddle TO {MEMBER_ROLE}",
    f"GRANT INSERT, UPDATE ON huddle.shards, huddle.documents TO {MEMBER_ROLE}",
    f"GRANT INSERT ON huddle.audit TO {MEMBER_ROLE}",
]

# A member (who must be able to bump a shard's revision) could otherwise turn it back or
# rename the shard's row: readers take the rows up to the shard's revision, so the whole
# shard (the directory: every admin with it) would vanish for everyone; or set it (or a
# shard's to come, by inserting its row) to the largest bigint, where every next write
# fails (the store starts a shard at 0 and bumps it by one a commit). And a
# document that is not a JSON object would make every reader of its shard fail.
_V2 = [
    "ALTER TABLE huddle.documents ADD CONSTRAINT documents_body_object "
    "CHECK (body IS NULL OR json_typeof(body) = 'object') NOT VALID",
    """CREATE FUNCTION huddle.shards_guard() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        DECLARE refused boolean := NEW.rev <> 0;
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                refused := NEW.name IS DISTINCT FROM OLD.name OR NEW.rev < OLD.rev
                           OR NEW.rev > OLD.rev + 1;
            END IF;
            IF refused THEN
                RAISE EXCEPTION 'a shard starts at revision 0, keeps its name, and its revision '
                    'only grows, by one a commit' USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER shards_guard BEFORE INSERT OR UPDATE ON huddle.shards
        FOR EACH ROW EXECUTE FUNCTION huddle.shards_guard()""",
]

MIGRATIONS: list[list[str]] = [_V1, _V2]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn) -> int | None:
    """The schema version of the database behind `conn`, None when it has no Huddle schema."""
    row = conn.execute("SELECT to_regclass('huddle.schema_version') IS NOT NULL").fetchone()
    if not row[0]:
        return None
    return conn.execute("SELECT version FROM huddle.schema_version").fetchone()[0]


def upgrade(conn) -> tuple[int, int]:
    """Apply the migrations the database lacks, all in one transaction (`conn` is in
    autocommit mode). Returns (version before, version after); refuses a newer database."""
    with conn.transaction():
        # one upgrader at a time: a second waits, then finds nothing left to do
        conn.execute("SELECT pg_advisory_xact_lock(4801300)")
        before = current_version(conn) or 0
        if before > SCHEMA_VERSION:
            raise schema_too_new(before, SCHEMA_VERSION)
        for version in range(before + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("UPDATE huddle.schema_version SET version = %s", (version,))
    return before, SCHEMA_VERSION
