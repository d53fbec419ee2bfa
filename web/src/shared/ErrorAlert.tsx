import { Alert } from "antd";
import type { CSSProperties } from "react";
import { ApiError } from "../api/client";
import { useErrorText } from "./errors";

/**
 * Our wording of the refusal as the title and the server's own sentence beneath it: the server's text carries
 * the specifics (which range, which setting) that a translated code cannot.
 */
export function ErrorAlert({
  error,
  testId,
  style,
}: {
  error: unknown;
  testId?: string;
  style?: CSSProperties;
}) {
  const errorText = useErrorText();
  const title = errorText(error);
  const detail =
    error instanceof ApiError && error.message && error.message !== title ? error.message : undefined;
  return (
    <Alert type="error" showIcon title={title} description={detail} style={style} data-testid={testId} />
  );
}
