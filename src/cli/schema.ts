import 'reflect-metadata';
import fs from 'node:fs';
import { projectPath } from '../config/config';
import { runCommand } from './run-command';
import { printSortedSchema } from '../api/schema';

/** `npm run schema:emit` writes schema/schema.graphql; `npm run schema:check` fails when it differs from the code. */
async function main(argv: string[]): Promise<number> {
  const file = projectPath('schema', 'schema.graphql');
  const sdl = await printSortedSchema();
  if (argv.includes('--write')) {
    fs.mkdirSync(projectPath('schema'), { recursive: true });
    fs.writeFileSync(file, sdl);
    console.log(`wrote ${file}`);
    return 0;
  }
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== sdl) {
    console.error(`${file} differs from the schema the code builds; run npm run schema:emit and commit it.`);
    return 1;
  }
  console.log(`${file} matches the code`);
  return 0;
}

runCommand(main);
