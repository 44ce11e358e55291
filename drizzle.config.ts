import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads only a default export (config files are exempt from the named-exports rule).
// Each domain declares its own tables in a `*.schema.ts` beside its repositories. Migrations are
// generated here and applied by our own runner (src/main/db/migrator.ts), which reads drizzle-kit's
// journal; `npm run db:generate -- --name <what-changed>` after editing a schema.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/**/*.schema.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
