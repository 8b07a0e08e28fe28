/**
 * Astro integration that validates content/ before anything is built or served,
 * so an author sees every problem at once, each naming the file and field.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { contentErrorMessage, validateContent } from './validate-content.ts';
import type { ReferenceRegistry } from './validate-references.ts';

export interface ContentValidationOptions {
  /** When false, problems are logged as warnings instead of failing (for drafting only). */
  readonly strict: boolean;
  /** What content may name; the workbook's chapter registry unless a test passes a fixture's. */
  readonly references?: ReferenceRegistry;
}

export function contentValidation(
  { strict, references }: ContentValidationOptions = { strict: true },
): AstroIntegration {
  return {
    name: 'workbook:content-validation',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        const root = fileURLToPath(new URL('./content/', config.root));
        const report = validateContent(root, 'content', references);
        if (report.errors.length > 0) {
          if (strict) throw new Error(contentErrorMessage(report));
          logger.warn(contentErrorMessage(report));
        }
        logger.info(`content ok: ${report.chapters.length} chapters`);
      },
    },
  };
}
