ALTER TABLE `shows` ADD `thumbnail_id` integer;--> statement-breakpoint
ALTER TABLE `shows` ADD `thumbnail_options` text;--> statement-breakpoint
ALTER TABLE `recording_drafts` ADD `fields` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `recording_drafts` ADD `base` text;