-- Full-text index over the live shows for search as you type: titles, public titles, descriptions,
-- custom field values and the lookup names copied onto each row. drizzle's schema cannot express
-- FTS5, hence this hand-written migration.
--
-- contentless (the text already lives in `shows`), contentless_delete=1 (rows can be removed by
-- rowid), detail=none (matching is "every typed word is a prefix of some word of the show": no
-- phrases, no columns, so no positions to store), prefix indexes for the one- to four-letter
-- prefixes typing produces (without them a short prefix such as "cou" merges the lists of every
-- word it begins: council, county, court...), and diacritics folded so "gonzalez" finds "González".
--
-- The catalog repository writes it in the same transaction as the rows (rowid = show id), and
-- only for live shows, so a text-only count is the index's own count. Not with triggers: an FTS5
-- insert made from a trigger runs inside a statement savepoint, which makes FTS5 flush its pending
-- terms to disk on every row: several times slower for a bulk sync.
CREATE VIRTUAL TABLE `shows_fts` USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  detail = none,
  prefix = '1 2 3 4',
  tokenize = 'unicode61 remove_diacritics 2'
);
