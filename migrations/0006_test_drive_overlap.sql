-- One demo car is never booked twice for overlapping times (DOMAIN §4.3). Ranges are half-open, so a drive
-- may start the minute the previous one ends. Range equality on the ids keeps this in core GiST (no
-- btree_gist extension, which a restricted DATABASE_URL user may not be allowed to create).
ALTER TABLE test_drives ADD CONSTRAINT test_drives_no_overlap EXCLUDE USING gist (
  int8range(store_id, store_id, '[]') WITH =,
  int8range(vehicle_id, vehicle_id, '[]') WITH =,
  tstzrange(start_at, end_at, '[)') WITH &&
) WHERE (state <> 'cancelled');
--> statement-breakpoint
CREATE TRIGGER care_task_attempts_append_only BEFORE UPDATE OR DELETE ON care_task_attempts FOR EACH ROW EXECUTE FUNCTION refuse_change();
