CREATE TABLE `library_problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`message` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `library_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`rescan_interval_sec` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `recording_drafts` (
	`recording_id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`cg_title` text NOT NULL,
	`description` text NOT NULL,
	`tags` text NOT NULL,
	`chapters` text NOT NULL,
	`chapters_source` text NOT NULL,
	`notes` text DEFAULT '[]' NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`recording_id`) REFERENCES `recordings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`root` text NOT NULL,
	`rel_path` text NOT NULL,
	`video_path` text NOT NULL,
	`video_size` integer NOT NULL,
	`video_mtime_ms` real NOT NULL,
	`settled` integer NOT NULL,
	`stable_since` real NOT NULL,
	`fingerprint` text,
	`caption_path` text,
	`caption_format` text,
	`caption_size` integer,
	`caption_mtime_ms` real,
	`summary_path` text,
	`summary_format` text,
	`summary_size` integer,
	`summary_mtime_ms` real,
	`caption_checked_stamp` text,
	`caption_valid` integer,
	`caption_cue_count` integer DEFAULT 0 NOT NULL,
	`caption_diagnostics` text DEFAULT '[]' NOT NULL,
	`probe_stamp` text,
	`duration_sec` real,
	`start_timecode` text,
	`frame_rate` real,
	`probe_problem` text,
	`file_problems` text DEFAULT '[]' NOT NULL,
	`event_date` text,
	`state` text NOT NULL,
	`state_reason` text NOT NULL,
	`link_show_id` integer,
	`link_method` text,
	`linked_at` text,
	`suggested_show_id` integer,
	`suggested_score` real,
	`auto_link_refused` integer DEFAULT false NOT NULL,
	`completed_at` text,
	`published_at` text,
	`missing_since` text,
	`first_seen_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recordings_key_unique` ON `recordings` (`key`);--> statement-breakpoint
CREATE INDEX `recordings_state_idx` ON `recordings` (`state`);--> statement-breakpoint
CREATE INDEX `recordings_root_idx` ON `recordings` (`root`);--> statement-breakpoint
CREATE TABLE `storage_folders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`added_at` text NOT NULL,
	`last_scan_at` text,
	`problem` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `storage_folders_path_unique` ON `storage_folders` (`path`);