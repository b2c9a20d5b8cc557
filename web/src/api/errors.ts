// What the gateway answers when a call fails: a google.rpc.Status as JSON (code, message, details with an
// ErrorInfo reason, field violations, precondition violations). ApiError keeps what a person should read.
import type { RpcStatus } from "./schema";

type Detail = {
  "@type"?: string;
  reason?: string;
  field_violations?: { field?: string; description?: string }[];
  violations?: { type?: string; subject?: string; description?: string }[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  /** field → what is wrong with it (400s). */
  readonly fields: Record<string, string>;
  /** Sentences of a failed precondition (declined card, out of stock...). */
  readonly problems: string[];

  constructor(status: number, body: RpcStatus | undefined) {
    const details = (body?.details ?? []) as Detail[];
    const fields: Record<string, string> = {};
    const problems: string[] = [];
    let reason = "";
    for (const detail of details) {
      if (detail.reason) reason = detail.reason;
      for (const v of detail.field_violations ?? []) fields[v.field ?? ""] = v.description ?? "is not valid";
      for (const v of detail.violations ?? []) if (v.description) problems.push(v.description);
    }
    super(ApiError.sentence(status, body?.message, problems));
    this.status = status;
    this.reason = reason;
    this.fields = fields;
    this.problems = problems;
  }

  private static sentence(status: number, message: string | undefined, problems: string[]): string {
    if (problems.length) return problems.join(". ");
    if (status === 0) return "The shop cannot be reached. Check your connection and try again.";
    if (status === 429) return "Too many requests just now. Wait a moment and try again.";
    if (status >= 500) return "Something went wrong on our side. Please try again in a moment.";
    return message ? message.charAt(0).toUpperCase() + message.slice(1) : `The request failed (${status}).`;
  }
}

/** The body of a successful call, or an ApiError for a failed one. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, undefined);
  }
  if (result.error !== undefined || !result.response.ok) {
    const body = typeof result.error === "object" ? (result.error as RpcStatus) : undefined;
    throw new ApiError(result.response.status, body);
  }
  return result.data as T;
}
