import 'server-only';
import path from 'node:path';
import { env } from '@/lib/env';
import { folderTemplateSource, type TemplateSource } from './load-templates';

/** The templates Berth offers, from BERTH_TEMPLATES_DIR. The one place that picks the source. */
export function templateSource(): TemplateSource {
  return folderTemplateSource(path.resolve(env().BERTH_TEMPLATES_DIR));
}
