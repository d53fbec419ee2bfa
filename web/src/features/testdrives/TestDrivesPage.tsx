import { LeftOutlined, NodeIndexOutlined, PlusOutlined, RightOutlined } from "@ant-design/icons";
import { Button, Card, DatePicker, Flex, Result, Skeleton, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type TestDrive, useCalendar } from "../../api/testDrives";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { testId } from "../../shared/testId";
import { type BookingDefaults, BookingDrawer } from "./BookingDrawer";
import { DayCalendar } from "./DayCalendar";
import { DriveActions, DriveDetail, StateTag, timeRange } from "./DriveActions";
import { RoutesModal } from "./RoutesModal";

function DayList({ drives }: { drives: TestDrive[] }) {
  const { t } = useTranslation();
  return (
    <Table<TestDrive>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={drives}
      onRow={(d) => testId(`drive-row-${d.id}`)}
      locale={{ emptyText: t("testDrives.emptyDay") }}
      scroll={{ x: "max-content" }}
      columns={[
        {
          title: t("testDrives.field.time"),
          key: "time",
          width: 110,
          render: (_: unknown, d) => timeRange(d),
        },
        {
          title: t("testDrives.field.customer"),
          dataIndex: "leadName",
          render: (v: string, d) => <Link to={`/leads/${d.leadId}`}>{v}</Link>,
        },
        {
          title: t("testDrives.field.car"),
          key: "car",
          render: (_: unknown, d) => `${d.model} · ${d.colour}`,
        },
        {
          title: t("testDrives.field.route"),
          dataIndex: "routeName",
          render: (v: string | null) => v ?? "—",
        },
        { title: t("testDrives.field.licence"), dataIndex: "licenceNo", className: "nowrap" },
        {
          title: t("testDrives.field.consultant"),
          dataIndex: "consultantName",
          render: (v: string | null) => v ?? "—",
        },
        {
          title: t("testDrives.field.state"),
          dataIndex: "state",
          render: (_: unknown, d) => <StateTag state={d.state} />,
        },
        { title: "", key: "actions", render: (_: unknown, d) => <DriveActions drive={d} /> },
      ]}
    />
  );
}

/** The test-drive calendar (试乘试驾): the day's bookings on the demo fleet, booking, and after the drive. */
export default function TestDrivesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const [day, setDay] = useState<Dayjs>(dayjs().startOf("day"));
  const calendar = useCalendar(day.toISOString(), day.add(1, "day").toISOString());
  const [booking, setBooking] = useState<BookingDefaults>();
  const [openId, setOpenId] = useState<number>();
  const [routesOpen, setRoutesOpen] = useState(false);
  const mayBook = can("testDrive.write");
  // the modal follows the data, so a state change made in it shows at once
  const opened = calendar.data?.items.find((d) => d.id === openId);

  if (calendar.isError) return <Result status="error" title={errorText(calendar.error)} />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("testDrives.title")}
          </Typography.Title>
          <Button
            icon={<LeftOutlined />}
            aria-label={t("testDrives.prevDay")}
            onClick={() => setDay(day.subtract(1, "day"))}
            data-testid="calendar-prev"
          />
          <DatePicker
            value={day}
            allowClear={false}
            onChange={(d) => d && setDay(d.startOf("day"))}
            data-testid="calendar-date"
          />
          <Button
            icon={<RightOutlined />}
            aria-label={t("testDrives.nextDay")}
            onClick={() => setDay(day.add(1, "day"))}
            data-testid="calendar-next"
          />
          <Button onClick={() => setDay(dayjs().startOf("day"))}>{t("testDrives.today")}</Button>
        </Flex>
        <Flex gap={8}>
          {can("testDrive.routes") && (
            <Button
              icon={<NodeIndexOutlined />}
              onClick={() => setRoutesOpen(true)}
              data-testid="routes-open"
            >
              {t("testDrives.routes")}
            </Button>
          )}
          {mayBook && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setBooking({})}
              data-testid="testdrive-new"
            >
              {t("testDrives.book")}
            </Button>
          )}
        </Flex>
      </Flex>
      <Card size="small">
        {calendar.data ? (
          <DayCalendar
            day={day}
            calendar={calendar.data}
            onOpen={(d) => setOpenId(d.id)}
            onPick={
              mayBook
                ? (vehicleId, at) => setBooking({ vehicleId, startAt: at.isBefore(dayjs()) ? undefined : at })
                : undefined
            }
          />
        ) : (
          <Skeleton active />
        )}
      </Card>
      <Card size="small" title={t("testDrives.dayList")}>
        <DayList drives={calendar.data?.items ?? []} />
      </Card>
      {booking && (
        <BookingDrawer
          open
          onClose={() => setBooking(undefined)}
          calendar={calendar.data}
          defaults={booking}
        />
      )}
      {opened && <DriveDetail drive={opened} onClose={() => setOpenId(undefined)} />}
      {routesOpen && <RoutesModal onClose={() => setRoutesOpen(false)} />}
    </Flex>
  );
}
