import { useTranslation } from "react-i18next";
import type { CareTask } from "../../api/care";

/** "售后回访 · 交车后3天": the kind of task and, for a series of callbacks, which one. */
export function useTaskLabel(): (task: Pick<CareTask, "type" | "dayOffset">) => string {
  const { t } = useTranslation();
  return (task) => {
    const type = t(`care.type.${task.type}`);
    return task.dayOffset === null ? type : `${type} · ${t("care.dayOffsetLong", { n: task.dayOffset })}`;
  };
}
