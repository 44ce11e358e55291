CREATE TABLE `publish_batch_jobs` (
	`batch_id` text NOT NULL,
	`job_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	PRIMARY KEY(`batch_id`, `job_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `publish_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `publish_batch_jobs_job_idx` ON `publish_batch_jobs` (`job_id`);--> statement-breakpoint
CREATE TABLE `publish_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`skipped` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `publish_queue_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`paused` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `vod_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`recording_id` integer NOT NULL,
	`show_id` integer NOT NULL,
	`vod_id` integer NOT NULL,
	`url` text,
	`embed_code` text,
	`vod_state` text NOT NULL,
	`published_at` text NOT NULL,
	`notified_at` text
);
--> statement-breakpoint
CREATE INDEX `vod_publications_job_idx` ON `vod_publications` (`job_id`);--> statement-breakpoint
CREATE INDEX `vod_publications_recording_idx` ON `vod_publications` (`recording_id`);