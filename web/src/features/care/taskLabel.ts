import { useTranslation } from "react-i18next";
import type { CareTask, CareTaskType } from "../../api/care";

/** Callbacks ask for a satisfaction score; a reminder or a greeting only whether the customer was reached. */
export const ASKS_SATISFACTION: Record<CareTaskType, boolean> = {
  post_sale_callback: true,
  post_service_callback: true,
  maintenance_reminder: false,
  birthday: false,
};

/** The message template a task's "send message" action uses. */
export const TEMPLATE_OF_TASK = {
  post_service_callback: "post_service_thanks",
  maintenance_reminder: "maintenance_reminder",
  birthday: "birthday",
} as const;

/** "售后回访 · 交车后3天", "保养提醒 · 到期前14天": the kind of task and, for a series, which one. */
export function useTaskLabel(): (task: Pick<CareTask, "type" | "dayOffset">) => string {
  const { t } = useTranslation();
  return (task) => {
    const type = t(`care.type.${task.type}`);
    if (task.dayOffset === null) return type;
    const which =
      task.type === "maintenance_reminder"
        ? t("care.reminderOffsetLong", { n: task.dayOffset })
        : t("care.dayOffsetLong", { n: task.dayOffset });
    return `${type} · ${which}`;
  };
}

/** What the task is about: the sales order, the repair order, the maintenance due date or the birthday. */
export function useTaskSource(): (task: CareTask) => string {
  const { t } = useTranslation();
  return (task) => {
    if (task.orderNo) return task.orderNo;
    if (task.roNo) return task.workType ? `${task.roNo} · ${t(`care.workType.${task.workType}`)}` : task.roNo;
    if (task.forDate && (task.type === "maintenance_reminder" || task.type === "birthday")) {
      return t(`care.forDate.${task.type}`, { date: task.forDate });
    }
    return "—";
  };
}

/** "沪A12345 · 帕萨特" */
export function vehicleLabel(task: Pick<CareTask, "vehiclePlate" | "vehicleModel">): string | null {
  const parts = [task.vehiclePlate, task.vehicleModel].filter(Boolean);
  return parts.length === 0 ? null : parts.join(" · ");
}
