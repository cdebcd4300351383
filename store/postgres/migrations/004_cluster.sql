-- Several instances on one database: whenever the list state changes (the
-- leader accepted a new list version), tell the other instances at commit
-- so they load the same version. The payload is "schema version", since
-- notifications go to the whole database and several schemas may hold a
-- clearance store.
CREATE FUNCTION clearance_lists_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('clearance_lists', TG_TABLE_SCHEMA || ' ' || NEW.version);
	RETURN NEW;
END
$$;

CREATE TRIGGER list_state_notify AFTER INSERT OR UPDATE ON list_state
	FOR EACH ROW EXECUTE FUNCTION clearance_lists_notify();
