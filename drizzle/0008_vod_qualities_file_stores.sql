CREATE TABLE `file_stores` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text,
	`location_id` integer
);
--> statement-breakpoint
CREATE TABLE `vod_transcode_qualities` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text,
	`vod_provider` text
);
--> statement-breakpoint
ALTER TABLE `vod_configurations` ADD `quality_ids` text;--> statement-breakpoint
ALTER TABLE `vod_configurations` ADD `default_quality` integer;