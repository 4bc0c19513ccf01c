// A template that validated but cannot render for this input is a platform problem, not the
// requester's: it is an INTERNAL error whose message names every broken spot, while the
// requester is told to ask a platform admin.
import { AppError } from '@/lib/domain/errors';

export class TemplateRenderError extends AppError {
  readonly template: string;
  readonly problems: readonly string[];

  constructor(template: string, version: string, problems: readonly string[]) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super('INTERNAL', {
      message: `template ${template}@${version} cannot render: ${problems.join('; ')}`,
      userMessage: `The template "${template}" cannot be rendered: ${problems[0] ?? 'unknown problem'}${more}. Ask a platform admin to fix the template.`,
    });
    this.template = template;
    this.problems = problems;
  }
}

export function formatProblem(p: { source: string; path: string; message: string }): string {
  return [p.source, p.path, p.message].filter(Boolean).join(': ');
}
