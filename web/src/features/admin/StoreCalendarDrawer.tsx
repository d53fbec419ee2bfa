import { App, Button, Drawer, Flex, InputNumber, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { usePutStoreCalendar, useStoreCalendar } from "../../api/service";
import type { Store } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";

const HOLIDAY = { background: "#fff1f0", color: "#cf1322", border: "#ff7875" };
const WORKDAY = { background: "#e6f4ff", color: "#0958d9", border: "#69b1ff" };
const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Monday first, as Chinese calendars print weeks */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];
const isWeekend = (date: string) => [0, 6].includes(dayjs(date).day());

/** One month as a Monday-first grid; a click on a weekday toggles a holiday, on a weekend a make-up day. */
function Month({
  year,
  month,
  holidays,
  workdays,
  onToggle,
}: {
  year: number;
  month: number;
  holidays: Set<string>;
  workdays: Set<string>;
  onToggle: (date: string) => void;
}) {
  const { t } = useTranslation();
  const first = dayjs(new Date(year, month, 1));
  const lead = (first.day() + 6) % 7;
  const days = Array.from({ length: first.daysInMonth() }, (_, i) =>
    first.add(i, "day").format("YYYY-MM-DD"),
  );
  return (
    <div style={{ width: 196 }}>
      <Typography.Text strong>{first.format("YYYY-MM")}</Typography.Text>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 28px)", gap: 0, marginTop: 4 }}>
        {WEEKDAYS.map((d) => (
          <Typography.Text key={d} type="secondary" style={{ fontSize: 12, textAlign: "center" }}>
            {dayjs().day(d).format("dd")}
          </Typography.Text>
        ))}
        {days.map((date, i) => {
          const off = holidays.has(date);
          const on = workdays.has(date);
          const style = off ? HOLIDAY : on ? WORKDAY : null;
          return (
            <button
              type="button"
              key={date}
              onClick={() => onToggle(date)}
              data-testid={`cal-${date}`}
              title={off ? t("service.calendar.holidays") : on ? t("service.calendar.workdays") : undefined}
              style={{
                // the first day sits under its weekday (Monday first)
                gridColumnStart: i === 0 ? lead + 1 : undefined,
                height: 26,
                border: `1px solid ${style?.border ?? "transparent"}`,
                borderRadius: 4,
                background: style?.background ?? "transparent",
                color: style?.color ?? (isWeekend(date) ? "#8c8c8c" : "inherit"),
                cursor: "pointer",
                fontSize: 12,
                padding: 0,
              }}
            >
              {off
                ? t("service.calendar.holiday")
                : on
                  ? t("service.calendar.workday")
                  : Number(date.slice(8))}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** 门店日历: the store's public holidays and make-up working days of one year. */
export function StoreCalendarDrawer({ store, onClose }: { store: Store | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const calendar = useStoreCalendar(store?.id, year);
  const save = usePutStoreCalendar();
  const [holidays, setHolidays] = useState<Set<string>>(new Set());
  const [workdays, setWorkdays] = useState<Set<string>>(new Set());

  useEffect(() => {
    setHolidays(new Set(calendar.data?.holidays ?? []));
    setWorkdays(new Set(calendar.data?.workdays ?? []));
  }, [calendar.data]);

  const toggle = (date: string) => {
    const [set, update] = isWeekend(date) ? [workdays, setWorkdays] : [holidays, setHolidays];
    const next = new Set(set);
    if (!next.delete(date)) next.add(date);
    update(next);
  };

  const submit = () =>
    store &&
    save.mutate(
      { storeId: store.id, year, holidays: [...holidays].sort(), workdays: [...workdays].sort() },
      { onSuccess: () => message.success(t("common.saved")) },
    );

  return (
    <Drawer
      open={store !== undefined}
      onClose={() => {
        save.reset();
        onClose();
      }}
      size={720}
      title={t("service.calendar.title", { name: store?.name ?? "" })}
      destroyOnHidden
      extra={
        <Space>
          <Button
            onClick={() => {
              setHolidays(new Set());
              setWorkdays(new Set());
            }}
          >
            {t("service.calendar.clear")}
          </Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="calendar-save">
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t("service.calendar.hint")}</Typography.Text>
        <Space wrap>
          {t("service.calendar.year")}
          <InputNumber
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(v) => v && setYear(v)}
            data-testid="calendar-year"
          />
          <Typography.Text data-testid="calendar-count">
            {t("service.calendar.count", { h: holidays.size, w: workdays.size })}
          </Typography.Text>
        </Space>
        {calendar.isError && <ErrorAlert error={calendar.error} />}
        {save.isError && <ErrorAlert error={save.error} />}
        <Flex wrap gap={16}>
          {MONTHS.map((m) => (
            <Month key={m} year={year} month={m} holidays={holidays} workdays={workdays} onToggle={toggle} />
          ))}
        </Flex>
      </Flex>
    </Drawer>
  );
}
