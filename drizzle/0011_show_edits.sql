CREATE TABLE `show_edits` (
	`show_id` integer PRIMARY KEY NOT NULL,
	`fields` text NOT NULL,
	`conflicts` integer DEFAULT 0 NOT NULL,
	`edited_at` text NOT NULL,
	`checked_at` text,
	`error` text
);
