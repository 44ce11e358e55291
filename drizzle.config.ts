import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads only a default export (config files are exempt from the named-exports rule).
// Migrations are generated here and applied by our own runner (src/main/db/migrator.ts), which
// reads drizzle-kit's journal; `npm run db:generate -- --name <what-changed>` after editing the schema.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
