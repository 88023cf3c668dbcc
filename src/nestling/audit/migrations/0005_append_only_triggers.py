"""On PostgreSQL, the database itself refuses to change or remove audit rows, and lets a lane's head only
move forward. A guard against mistakes and against SQL run by the application's own role; the table's
owner can still disable it, which is why the chains are keyed and anchored outside the database too.

TRUNCATE is refused unless the session has set `nestling.audit_allow_truncate` to `on`: the test settings
do, because the test runner empties every table between transactional tests. Nothing else does.
On SQLite there are no such triggers; the application's append-only model is the guard there.
"""

from django.db import migrations

INSTALL = """
CREATE FUNCTION nestling_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('nestling.audit_allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION nestling_audit_lane_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.chain = OLD.chain AND NEW.lane = OLD.lane AND NEW.seq > OLD.seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'an audit lane head only moves forward: chain %, lane %, row % to row % refused',
        OLD.chain, OLD.lane, OLD.seq, NEW.seq
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION nestling_audit_refuse();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION nestling_audit_refuse();
CREATE TRIGGER audit_lane_forward_only BEFORE UPDATE ON audit_auditlanehead
    FOR EACH ROW EXECUTE FUNCTION nestling_audit_lane_forward_only();
CREATE TRIGGER audit_lane_kept BEFORE DELETE ON audit_auditlanehead
    FOR EACH ROW EXECUTE FUNCTION nestling_audit_refuse();
CREATE TRIGGER audit_lane_no_truncate BEFORE TRUNCATE ON audit_auditlanehead
    FOR EACH STATEMENT EXECUTE FUNCTION nestling_audit_refuse();
"""

REMOVE = """
DROP TRIGGER IF EXISTS audit_lane_no_truncate ON audit_auditlanehead;
DROP TRIGGER IF EXISTS audit_lane_kept ON audit_auditlanehead;
DROP TRIGGER IF EXISTS audit_lane_forward_only ON audit_auditlanehead;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS nestling_audit_lane_forward_only();
DROP FUNCTION IF EXISTS nestling_audit_refuse();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_delete_auditchainhead'),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
