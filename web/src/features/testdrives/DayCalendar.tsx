import { Empty, Flex, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { Calendar, TestDrive, TestDriveState } from "../../api/testDrives";
import type { Id } from "../../api/types";
import { timeRange } from "./DriveActions";

/** A showroom's test-drive day; bookings outside it widen the axis. */
const DEFAULT_FIRST_HOUR = 8;
const DEFAULT_LAST_HOUR = 20;
const LABEL_WIDTH = 180;
const ROW_HEIGHT = 48;
const SLOT_MINUTES = 30;

const STATE_COLOURS: Record<TestDriveState, { background: string; border: string }> = {
  booked: { background: "#e6f4ff", border: "#1677ff" },
  done: { background: "#f6ffed", border: "#52c41a" },
  cancelled: { background: "#fafafa", border: "#d9d9d9" },
  no_show: { background: "#fff1f0", border: "#ff4d4f" },
};
const BUSY = {
  background: "repeating-linear-gradient(45deg, #f0f0f0, #f0f0f0 6px, #e4e4e4 6px, #e4e4e4 12px)",
  border: "#bfbfbf",
};

interface Row {
  id: Id;
  label: string;
  detail: string;
}

/** The demo cars, and any car that had bookings that day but has left the fleet since. */
function rowsOf(calendar: Calendar): Row[] {
  const rows = new Map<Id, Row>();
  const label = (c: { model: string; colour: string }) => `${c.model} · ${c.colour}`;
  for (const car of calendar.fleet) {
    rows.set(car.id, { id: car.id, label: label(car), detail: car.vin.slice(-6) });
  }
  for (const d of calendar.items) {
    if (!rows.has(d.vehicleId))
      rows.set(d.vehicleId, { id: d.vehicleId, label: label(d), detail: d.vin.slice(-6) });
  }
  return [...rows.values()];
}

function axisOf(day: Dayjs, calendar: Calendar): { first: number; last: number } {
  const nextDay = day.add(1, "day");
  let first = DEFAULT_FIRST_HOUR;
  let last = DEFAULT_LAST_HOUR;
  for (const b of [...calendar.items, ...calendar.others]) {
    const start = dayjs(b.startAt);
    const end = dayjs(b.endAt);
    first = Math.min(first, start.isBefore(day) ? 0 : start.hour());
    last = Math.max(last, end.isBefore(nextDay) ? end.hour() + (end.minute() > 0 ? 1 : 0) : 24);
  }
  return { first, last };
}

interface Props {
  day: Dayjs;
  calendar: Calendar;
  onOpen: (drive: TestDrive) => void;
  /** a click on free space of a car's row, at that time (rounded to the half hour) */
  onPick?: (vehicleId: Id, at: Dayjs) => void;
}

/**
 * The day view: one row per demo car, bookings as blocks on a time axis. Plain boxes and percentages — a
 * calendar library would be most of the page's weight for this one view.
 */
export function DayCalendar({ day, calendar, onOpen, onPick }: Props) {
  const { t } = useTranslation();
  const rows = rowsOf(calendar);
  if (rows.length === 0)
    return <Empty description={t("testDrives.noFleet")} data-testid="calendar-no-fleet" />;
  const { first, last } = axisOf(day, calendar);
  const axisStart = day.startOf("day").add(first, "hour");
  const spanMinutes = (last - first) * 60;
  const pos = (startAt: string, endAt: string): CSSProperties => {
    const from = Math.max(0, dayjs(startAt).diff(axisStart, "minute"));
    const to = Math.min(spanMinutes, dayjs(endAt).diff(axisStart, "minute"));
    return {
      left: `${(from / spanMinutes) * 100}%`,
      width: `${(Math.max(to - from, 5) / spanMinutes) * 100}%`,
    };
  };
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const hhmm = (iso: string) => dayjs(iso).format("HH:mm");
  const nowMinutes = dayjs().diff(axisStart, "minute");
  const nowLine = nowMinutes > 0 && nowMinutes < spanMinutes ? `${(nowMinutes / spanMinutes) * 100}%` : null;
  // free half hours to click for a booking; the past cannot be booked
  const slots = Array.from({ length: spanMinutes / SLOT_MINUTES }, (_, i) =>
    axisStart.add(i * SLOT_MINUTES, "minute"),
  ).filter((at) => at.add(SLOT_MINUTES, "minute").isAfter(dayjs()));

  const block = (style: CSSProperties, colours: { background: string; border: string }): CSSProperties => ({
    position: "absolute",
    top: 4,
    bottom: 4,
    ...style,
    background: colours.background,
    borderLeft: `3px solid ${colours.border}`,
    borderRadius: 4,
    padding: "1px 6px",
    overflow: "hidden",
    whiteSpace: "nowrap",
    fontSize: 12,
    lineHeight: "18px",
  });

  return (
    <div style={{ overflowX: "auto" }} data-testid="testdrive-calendar">
      <div style={{ minWidth: LABEL_WIDTH + hours.length * 60 }}>
        <Flex style={{ borderBottom: "1px solid #f0f0f0" }}>
          <div style={{ width: LABEL_WIDTH, flex: "none" }} />
          <div style={{ flex: 1, position: "relative", height: 24 }}>
            {hours.map((h, i) => (
              <Typography.Text
                key={h}
                type="secondary"
                style={{ position: "absolute", left: `${(i / hours.length) * 100}%`, fontSize: 12 }}
              >
                {String(h).padStart(2, "0")}:00
              </Typography.Text>
            ))}
          </div>
        </Flex>
        {rows.map((row) => {
          const drives = calendar.items.filter((d) => d.vehicleId === row.id);
          const busy = calendar.others.filter((o) => o.vehicleId === row.id);
          return (
            <Flex
              key={row.id}
              style={{ borderBottom: "1px solid #f0f0f0" }}
              data-testid={`calendar-row-${row.id}`}
            >
              <Flex
                vertical
                justify="center"
                style={{ width: LABEL_WIDTH, flex: "none", paddingInlineEnd: 8 }}
              >
                <Typography.Text strong ellipsis>
                  {row.label}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.detail}
                </Typography.Text>
              </Flex>
              <div
                style={{
                  flex: 1,
                  position: "relative",
                  height: ROW_HEIGHT,
                }}
              >
                {hours.map((h, i) => (
                  <div
                    key={h}
                    style={{
                      position: "absolute",
                      top: 0,
                      bottom: 0,
                      left: `${(i / hours.length) * 100}%`,
                      borderLeft: "1px solid #f0f0f0",
                      pointerEvents: "none",
                    }}
                  />
                ))}
                {onPick &&
                  slots.map((at) => (
                    <button
                      key={at.valueOf()}
                      type="button"
                      title={t("testDrives.bookSlot", { car: row.label, time: at.format("HH:mm") })}
                      onClick={() => onPick(row.id, at)}
                      style={{
                        position: "absolute",
                        top: 0,
                        bottom: 0,
                        left: `${(at.diff(axisStart, "minute") / spanMinutes) * 100}%`,
                        width: `${(SLOT_MINUTES / spanMinutes) * 100}%`,
                        background: "transparent",
                        border: "none",
                        padding: 0,
                        cursor: "copy",
                      }}
                    />
                  ))}
                {nowLine && (
                  <div
                    style={{
                      position: "absolute",
                      top: 0,
                      bottom: 0,
                      left: nowLine,
                      width: 2,
                      background: "#ff4d4f",
                      pointerEvents: "none",
                      zIndex: 1,
                    }}
                  />
                )}
                {busy.map((o) => (
                  <div
                    key={`o-${o.id}`}
                    style={block(pos(o.startAt, o.endAt), BUSY)}
                    data-testid={`calendar-busy-${o.id}`}
                  >
                    {t("testDrives.busyBy", { name: o.consultantName ?? "—" })}
                  </div>
                ))}
                {drives.map((d) => (
                  <Tooltip
                    key={d.id}
                    title={`${timeRange(d)} · ${d.leadName} · ${t(`testDrives.state.${d.state}`)}`}
                  >
                    <button
                      type="button"
                      onClick={() => onOpen(d)}
                      data-testid={`calendar-drive-${d.id}`}
                      data-state={d.state}
                      style={{
                        ...block(pos(d.startAt, d.endAt), STATE_COLOURS[d.state]),
                        border: "none",
                        borderLeft: `3px solid ${STATE_COLOURS[d.state].border}`,
                        textAlign: "left",
                        cursor: "pointer",
                        textDecoration: d.state === "cancelled" ? "line-through" : undefined,
                        color: d.state === "cancelled" ? "#8c8c8c" : undefined,
                      }}
                    >
                      <div>{hhmm(d.startAt)}</div>
                      <div style={{ overflow: "hidden", textOverflow: "ellipsis" }}>{d.leadName}</div>
                    </button>
                  </Tooltip>
                ))}
              </div>
            </Flex>
          );
        })}
      </div>
    </div>
  );
}
