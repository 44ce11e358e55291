CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`spec` text,
	`paused` integer DEFAULT false NOT NULL,
	`next_run_at` integer,
	`last_trigger` text,
	`last_scheduled_for` integer,
	`last_started_at` integer,
	`last_finished_at` integer,
	`last_result` text,
	`last_message` text,
	`updated_at` integer NOT NULL
);
