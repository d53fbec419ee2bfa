import { useTranslation } from "react-i18next";

/** Select options for an enumeration whose labels live under `<prefix>.<value>` in the dictionaries. */
export function useEnumOptions<T extends string>(
  prefix: string,
  values: readonly T[],
): { value: T; label: string }[] {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
}
