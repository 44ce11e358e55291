CREATE TABLE `connection_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tested_at` text NOT NULL,
	`ok` integer NOT NULL,
	`api_base` text,
	`server_version` text,
	`user` text,
	`can_write` integer,
	`problem_kind` text,
	`message` text NOT NULL,
	`elapsed_ms` integer NOT NULL
);
