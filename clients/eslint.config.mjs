// ESLint for the hand-written TypeScript of clients/: the SDK's own modules (typescript/lib) and
// the Vue starter's .ts files (its .vue files are type-checked by vue-tsc). The generated SDK
// (typescript/src) is not linted: it is regenerated from openapi.json.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/*',
      '!typescript/',
      '!typescript/lib/',
      '!typescript/lib/*.ts',
      '!vue-example/',
      '!vue-example/src/',
      '!vue-example/src/*.ts',
      // It imports the .vue components, which only vue-tsc resolves (`make vue-example`).
      'vue-example/src/main.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
);
