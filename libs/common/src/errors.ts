/**
 * Domain errors: services throw these, one exception filter maps them to
 * application/problem+json. Nothing outside that filter decides status codes for them.
 */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  constructor(
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not Found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too Many Requests';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, undefined, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service Unavailable';
  constructor(detail: string, retryAfterSeconds = 5) {
    super(detail, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, errors?: FieldError[]): ProblemBody {
  const body: ProblemBody = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (errors && errors.length) body.errors = errors;
  return body;
}
