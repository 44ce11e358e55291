CREATE TABLE `categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`location_id` integer
);
--> statement-breakpoint
CREATE TABLE `field_definitions` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text,
	`widget` text,
	`location_id` integer,
	`options` text
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `producers` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`location_id` integer
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`location_id` integer,
	`description` text
);
--> statement-breakpoint
CREATE TABLE `show_fields` (
	`id` integer PRIMARY KEY NOT NULL,
	`label` text,
	`field_definition_id` integer
);
--> statement-breakpoint
CREATE TABLE `shows` (
	`id` integer PRIMARY KEY NOT NULL,
	`location_id` integer,
	`title` text NOT NULL,
	`cg_title` text,
	`comments` text,
	`event_date` text,
	`event_at` integer,
	`event_day` text,
	`last_modified` text,
	`last_modified_at` integer,
	`category_id` integer,
	`producer_id` integer,
	`project_id` integer,
	`category_name` text,
	`producer_name` text,
	`project_name` text,
	`location_name` text,
	`total_run_time` integer,
	`has_captions` integer DEFAULT false NOT NULL,
	`custom_fields` text,
	`custom_text` text,
	`reels` text,
	`vod_id` integer,
	`vod_state` text,
	`vod_percent` real,
	`vod_url` text,
	`vod_embed` text,
	`vod_chapters_published` integer DEFAULT false NOT NULL,
	`vod_is_watchable` integer,
	`thumbnail_url` text,
	`deleted_at` text,
	`synced_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `shows_event_idx` ON `shows` (`event_day`,`event_at`,`id`,`category_id`,`project_id`,`producer_id`,`location_id`,`vod_state`,`vod_id`,`has_captions`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_title_idx` ON `shows` (title collate nocase,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_category_name_idx` ON `shows` (category_name collate nocase,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_project_name_idx` ON `shows` (project_name collate nocase,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_producer_name_idx` ON `shows` (producer_name collate nocase,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_run_time_idx` ON `shows` (`total_run_time`,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_vod_state_idx` ON `shows` (`vod_state`,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `shows_captions_idx` ON `shows` (`has_captions`,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`watermark` text,
	`watermark_at` integer,
	`watermark_scope` text,
	`last_full_sync_at` text,
	`last_incremental_sync_at` text,
	`last_mode` text,
	`last_phase` text,
	`last_started_at` text,
	`last_finished_at` text,
	`last_added` integer DEFAULT 0 NOT NULL,
	`last_updated` integer DEFAULT 0 NOT NULL,
	`last_deleted` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `sync_warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`show_id` integer,
	`path` text NOT NULL,
	`message` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `vod_chapters` (
	`vod_id` integer PRIMARY KEY NOT NULL,
	`show_id` integer NOT NULL,
	`chapters` text NOT NULL,
	`fetched_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `vod_configurations` (
	`id` integer PRIMARY KEY NOT NULL,
	`location_id` integer,
	`provider_name` text
);
