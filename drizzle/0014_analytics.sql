CREATE TABLE `publish_failures` (
	`job_id` integer NOT NULL,
	`attempts` integer NOT NULL,
	`recording_id` integer NOT NULL,
	`show_id` integer NOT NULL,
	`step` text,
	`error_class` text,
	`reason` text NOT NULL,
	`failed_at` text NOT NULL,
	PRIMARY KEY(`job_id`, `failed_at`)
);
--> statement-breakpoint
CREATE INDEX `publish_failures_at_idx` ON `publish_failures` (`failed_at`);--> statement-breakpoint
ALTER TABLE `shows` ADD `vod_views` integer;