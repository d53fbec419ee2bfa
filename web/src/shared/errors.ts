import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/**
 * A readable sentence for any failure: our own wording for codes we know (so it follows the language switch),
 * otherwise the server's message, which is already written for people.
 */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      if (i18n.exists(key)) return t(key);
      return error.message || t("errors.unknown");
    }
    if (error instanceof Error && error.message) return error.message;
    return t("errors.unknown");
  };
}
