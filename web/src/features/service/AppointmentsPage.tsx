import { LeftOutlined, PlusOutlined, RightOutlined } from "@ant-design/icons";
import { App, Button, Card, DatePicker, Flex, Popconfirm, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Appointment,
  type AppointmentStatus,
  type DaySlots,
  type SlotLoad,
  useAppointmentStats,
  useAppointments,
  useCancelAppointment,
  useNoShow,
  useWeekSlots,
} from "../../api/service";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { testId } from "../../shared/testId";
import { NewAppointmentDrawer } from "./NewAppointmentDrawer";

const STATUS_COLOURS: Record<AppointmentStatus, string> = {
  booked: "blue",
  arrived: "green",
  no_show: "red",
  cancelled: "default",
};

/** Load as a colour: free green, filling orange, full red — the advisor sees at a glance where there is room. */
function loadStyle(s: SlotLoad): { background: string; border: string } {
  if (s.full) return { background: "#fff1f0", border: "#ff4d4f" };
  if (s.booked === 0) return { background: "#fff", border: "#d9d9d9" };
  if (s.booked / s.capacity >= 0.5) return { background: "#fff7e6", border: "#fa8c16" };
  return { background: "#f6ffed", border: "#52c41a" };
}

const iso = (d: Dayjs) => d.format("YYYY-MM-DD");
const hhmm = (instant: string) => dayjs(instant).format("HH:mm");
/** Weeks start on Monday in China, whatever the UI language. */
const mondayOf = (d: Dayjs) => d.subtract((d.day() + 6) % 7, "day").startOf("day");

interface WeekProps {
  days: Dayjs[];
  loads: (DaySlots | undefined)[];
  selected: string;
  onSelectDay: (d: Dayjs) => void;
  onPick?: (slot: SlotLoad) => void;
}

/** The week's hour slots (rows) by day (columns), each cell the slot's booked/capacity. */
function WeekLoad({ days, loads, selected, onSelectDay, onPick }: WeekProps) {
  const { t } = useTranslation();
  const times = [...new Set(loads.flatMap((d) => d?.slots.map((s) => hhmm(s.slotStart)) ?? []))].sort();
  const now = dayjs();
  return (
    <Table<{ time: string }>
      size="small"
      rowKey="time"
      pagination={false}
      dataSource={times.map((time) => ({ time }))}
      scroll={{ x: "max-content" }}
      data-testid="week-load"
      columns={[
        { title: t("service.appointments.field.time"), dataIndex: "time", width: 70, fixed: "left" },
        ...days.map((d, i) => {
          const date = iso(d);
          const load = loads[i];
          return {
            key: date,
            align: "center" as const,
            title: (
              <Button
                type={date === selected ? "primary" : "text"}
                size="small"
                onClick={() => onSelectDay(d)}
                data-testid={`week-day-${date}`}
              >
                {d.format("ddd M/D")}
                {load && !load.workingDay && ` · ${t("service.appointments.closed")}`}
              </Button>
            ),
            render: (_: unknown, row: { time: string }) => {
              const slot = load?.slots.find((s) => hhmm(s.slotStart) === row.time);
              if (!load || !slot) return null;
              if (!load.workingDay) {
                return <Typography.Text type="secondary">—</Typography.Text>;
              }
              const past = dayjs(slot.slotStart).isBefore(now);
              const style = loadStyle(slot);
              const bookable = onPick && !past && !slot.full;
              return (
                <button
                  type="button"
                  disabled={!bookable}
                  onClick={() => bookable && onPick(slot)}
                  data-testid={`slot-${date}-${row.time.slice(0, 2)}`}
                  data-full={slot.full}
                  style={{
                    width: 72,
                    padding: "2px 0",
                    borderRadius: 4,
                    border: `1px solid ${style.border}`,
                    background: style.background,
                    opacity: past ? 0.45 : 1,
                    // a disabled button greys its text; a full slot must still read as full
                    color: slot.full ? "#cf1322" : "inherit",
                    cursor: bookable ? "pointer" : "default",
                    fontVariantNumeric: "tabular-nums",
                  }}
                >
                  {slot.full
                    ? t("service.appointments.full")
                    : t("service.appointments.load", { booked: slot.booked, capacity: slot.capacity })}
                </button>
              );
            },
          };
        }),
      ]}
    />
  );
}

function StatusActions({ a }: { a: Appointment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelAppointment();
  const noShow = useNoShow();
  if (a.status !== "booked") return null;
  const started = !dayjs(a.slotStart).isAfter(dayjs());
  const failed = cancel.error ?? noShow.error;
  return (
    <Space orientation="vertical" size={4}>
      {started ? (
        <Popconfirm
          title={t("service.appointments.confirm.noShow")}
          onConfirm={() =>
            noShow.mutate(a.id, { onSuccess: () => message.success(t("service.appointments.done.noShow")) })
          }
        >
          <Button size="small" danger loading={noShow.isPending} data-testid={`appointment-no-show-${a.id}`}>
            {t("service.appointments.action.noShow")}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={t("service.appointments.confirm.cancel")}
          onConfirm={() =>
            cancel.mutate(a.id, {
              onSuccess: () => message.success(t("service.appointments.done.cancelled")),
            })
          }
        >
          <Button size="small" loading={cancel.isPending} data-testid={`appointment-cancel-${a.id}`}>
            {t("service.appointments.action.cancel")}
          </Button>
        </Popconfirm>
      )}
      {failed && <ErrorAlert error={failed} />}
    </Space>
  );
}

function DayList({ date, mayWrite }: { date: string; mayWrite: boolean }) {
  const { t } = useTranslation();
  const list = useAppointments(date);
  if (list.isError) return <ErrorAlert error={list.error} />;
  return (
    <Table<Appointment>
      size="small"
      rowKey="id"
      loading={list.isFetching}
      pagination={false}
      dataSource={list.data?.items ?? []}
      onRow={(a) => testId(`appointment-row-${a.id}`)}
      locale={{ emptyText: t("service.appointments.empty") }}
      scroll={{ x: "max-content" }}
      columns={[
        {
          title: t("service.appointments.field.time"),
          dataIndex: "slotStart",
          width: 70,
          render: (v: string) => hhmm(v),
        },
        {
          title: t("service.appointments.field.plate"),
          dataIndex: "plate",
          className: "nowrap",
          render: (v: string | null, a) => v ?? a.vin.slice(-6),
        },
        { title: t("service.appointments.field.model"), dataIndex: "model" },
        {
          title: t("service.appointments.field.customer"),
          key: "customer",
          render: (_: unknown, a) => (
            <Space size={4} wrap>
              {a.customerName}
              {a.phone && <Typography.Text type="secondary">{a.phone}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: t("service.appointments.field.workType"),
          dataIndex: "workType",
          render: (v: Appointment["workType"]) => t(`service.workType.${v}`),
        },
        {
          title: t("service.appointments.field.advisor"),
          dataIndex: "advisorName",
          render: (v: string | null) => v ?? "—",
        },
        {
          title: t("service.appointments.field.note"),
          dataIndex: "note",
          ellipsis: true,
          render: (v: string | null) => v ?? "—",
        },
        {
          title: t("service.appointments.field.status"),
          dataIndex: "status",
          render: (s: AppointmentStatus) => (
            <Tag color={STATUS_COLOURS[s]}>{t(`service.appointments.status.${s}`)}</Tag>
          ),
        },
        ...(mayWrite
          ? [{ title: "", key: "actions", render: (_: unknown, a: Appointment) => <StatusActions a={a} /> }]
          : []),
      ]}
    />
  );
}

function WeekStats({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const stats = useAppointmentStats(from, to);
  if (!stats.data) return null;
  const s = stats.data;
  return (
    <Typography.Text type="secondary" data-testid="appointment-stats">
      {t("service.appointments.stats", {
        total: s.booked + s.arrived + s.noShow + s.cancelled,
        arrived: s.arrived,
        noShow: s.noShow,
        cancelled: s.cancelled,
        rate: s.noShowRate === null ? "—" : `${Math.round(s.noShowRate * 100)}%`,
      })}
    </Typography.Text>
  );
}

/** 预约看板: the week's slot load, the chosen day's appointments, booking and their outcome. */
export default function AppointmentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [day, setDay] = useState<Dayjs>(dayjs().startOf("day"));
  const [booking, setBooking] = useState<{ date: string; slotStart?: string }>();
  // a new drawer (and form) per opening, so it starts from the day and slot picked, not the last booking's
  const [opened, setOpened] = useState(0);
  const book = (defaults: { date: string; slotStart?: string }) => {
    setOpened((n) => n + 1);
    setBooking(defaults);
  };
  const monday = mondayOf(day);
  const days = Array.from({ length: 7 }, (_, i) => monday.add(i, "day"));
  const week = useWeekSlots(days.map(iso));
  const mayWrite = can("appointment.write");
  const failed = week.find((q) => q.isError)?.error;
  const capacity = week.find((q) => q.data)?.data?.capacity;

  return (
    <Flex vertical gap={16}>
      <Card
        title={t("service.appointments.title")}
        extra={
          <Space wrap>
            <Button icon={<LeftOutlined />} onClick={() => setDay(day.subtract(7, "day"))}>
              {t("service.appointments.prevWeek")}
            </Button>
            <DatePicker
              value={day}
              allowClear={false}
              onChange={(d) => d && setDay(d.startOf("day"))}
              data-testid="appointment-date"
            />
            <Button onClick={() => setDay(dayjs().startOf("day"))}>{t("service.appointments.today")}</Button>
            <Button icon={<RightOutlined />} iconPlacement="end" onClick={() => setDay(day.add(7, "day"))}>
              {t("service.appointments.nextWeek")}
            </Button>
            {mayWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => book({ date: iso(day) })}
                data-testid="appointment-new"
              >
                {t("service.appointments.new")}
              </Button>
            )}
          </Space>
        }
      >
        <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t("service.appointments.week")}</Typography.Text>
          <Space size="large" wrap>
            <WeekStats from={iso(days[0]!)} to={iso(days[6]!)} />
            {capacity !== undefined && (
              <Typography.Text type="secondary">
                {t("service.appointments.capacityHint", { n: capacity })}
              </Typography.Text>
            )}
          </Space>
        </Flex>
        {failed ? (
          <ErrorAlert error={failed} />
        ) : (
          <WeekLoad
            days={days}
            loads={week.map((q) => q.data)}
            selected={iso(day)}
            onSelectDay={setDay}
            onPick={
              mayWrite
                ? (slot) => book({ date: iso(dayjs(slot.slotStart)), slotStart: slot.slotStart })
                : undefined
            }
          />
        )}
      </Card>
      <Card title={t("service.appointments.dayList", { date: iso(day) })} data-testid="appointment-day">
        <DayList date={iso(day)} mayWrite={mayWrite} />
      </Card>
      <NewAppointmentDrawer key={opened} defaults={booking} onClose={() => setBooking(undefined)} />
    </Flex>
  );
}
