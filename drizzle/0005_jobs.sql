CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`run_after` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`last_error` text,
	`error_class` text,
	`note` text,
	`payload` text NOT NULL,
	`checkpoint` text,
	`progress` text,
	`position` integer NOT NULL,
	`correlation` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_kind_key_unique` ON `jobs` (`kind`,`key`);--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`kind`,`position`,`id`,`run_after`) WHERE state in ('queued', 'unknown');--> statement-breakpoint
CREATE INDEX `jobs_state_idx` ON `jobs` (`state`,`position`,`id`);