// One error type for everything a user can be told. `message` is for logs; `userMessage`
// is safe to show. The code decides the HTTP status.
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  DIRECTORY_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: FieldErrors;

  constructor(code: ErrorCode, opts: { message?: string; userMessage: string; fieldErrors?: FieldErrors; cause?: unknown }) {
    super(opts.message ?? opts.userMessage, { cause: opts.cause });
    this.code = code;
    this.userMessage = opts.userMessage;
    this.fieldErrors = opts.fieldErrors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Messages for sign-in failures; one generic message for wrong credentials (no enumeration). */
export const SIGN_IN_MESSAGES = {
  INVALID_CREDENTIALS: 'Invalid username or password.',
  ACCOUNT_DISABLED: 'This account is disabled. Ask your administrator to enable it.',
  DIRECTORY_UNAVAILABLE: 'The directory is unavailable right now. Try again in a moment.',
} as const;

/** The sentence shown on the login page for a refusal code (unknown codes stay generic). */
export function signInMessage(code: string | null | undefined): string {
  switch (code) {
    case 'ACCOUNT_DISABLED':
      return SIGN_IN_MESSAGES.ACCOUNT_DISABLED;
    case 'DIRECTORY_UNAVAILABLE':
      return SIGN_IN_MESSAGES.DIRECTORY_UNAVAILABLE;
    // Throttled: the same words as a wrong password (no hint whether the account exists).
    case 'THROTTLED':
      return `${SIGN_IN_MESSAGES.INVALID_CREDENTIALS} Try again later.`;
    case 'CONFLICT':
      return 'This username already belongs to another account. Ask your administrator.';
    case 'AccessDenied':
    case 'OAuthCallbackError':
    case 'Configuration':
      return 'Single sign-on did not complete. Try again or use your directory password.';
    default:
      return SIGN_IN_MESSAGES.INVALID_CREDENTIALS;
  }
}

/** Bad input: the first message of each field, for display next to it. */
export function invalidInput(fieldErrors: FieldErrors, userMessage = 'Some fields need attention.'): AppError {
  return new AppError('INVALID_INPUT', { userMessage, fieldErrors });
}

/** zod-style issues → one message per field (the first). */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = String(i.path[0] ?? 'form');
    out[key] ??= i.message;
  }
  return out;
}
