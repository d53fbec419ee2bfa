CREATE INDEX "vehicles_store_plate" ON "vehicles" USING btree ("store_id","plate" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "vehicles_store_plate_tail" ON "vehicles" USING btree ("store_id",substr(plate, 2) text_pattern_ops);--> statement-breakpoint
CREATE INDEX "vehicles_store_vin_tail" ON "vehicles" USING btree ("store_id",right(vin, 6));