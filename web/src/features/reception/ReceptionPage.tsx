import { PhoneOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Result,
  Row,
  Skeleton,
  Statistic,
  Tabs,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ReceptionBoard, useReceptionBoard } from "../../api/traffic";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { CallDrawer } from "./CallDrawer";
import { ConsultantBoard } from "./ConsultantBoard";
import { MonthSummary } from "./MonthSummary";
import { CallLog, VisitLog } from "./TrafficLog";
import { VisitDrawer } from "./VisitDrawer";

const STATS = ["visits", "firstVisits", "returnVisits", "notArchived", "calls", "inShowroom"] as const;

function TodayStats({ today }: { today: ReceptionBoard["today"] }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]}>
      {STATS.map((key) => (
        <Col key={key} xs={8} md={4}>
          <Card size="small">
            <Statistic
              title={t(`reception.stat.${key}`)}
              value={today[key]}
              data-testid={`reception-stat-${key}`}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/**
 * The reception desk (前台接待): who can take the next customer, logging visits and calls, the day's log and
 * the month's traffic against its plan.
 */
export default function ReceptionPage() {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const board = useReceptionBoard();
  const [drawer, setDrawer] = useState<"visit" | "call">();
  const [day, setDay] = useState<Dayjs>(dayjs());
  const date = day.format("YYYY-MM-DD");

  if (board.isError) return <Result status="error" title={errorText(board.error)} />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("reception.title")}
          {board.data && (
            <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 12 }}>
              {t("reception.today", { date: board.data.date })}
            </Typography.Text>
          )}
        </Typography.Title>
        {can("traffic.write") && (
          <Flex gap={8}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDrawer("visit")}
              data-testid="reception-new-visit"
            >
              {t("reception.newVisit")}
            </Button>
            <Button
              icon={<PhoneOutlined />}
              onClick={() => setDrawer("call")}
              data-testid="reception-new-call"
            >
              {t("reception.newCall")}
            </Button>
          </Flex>
        )}
      </Flex>
      {board.isPending ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" data-testid="reception-board">
            <ConsultantBoard board={board.data} />
          </Card>
          <TodayStats today={board.data.today} />
        </>
      )}
      <Card size="small">
        <Tabs
          tabBarExtraContent={
            <DatePicker
              value={day}
              onChange={(d) => d && setDay(d)}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), "day")}
              data-testid="reception-log-date"
            />
          }
          items={[
            { key: "visits", label: t("reception.tab.visits"), children: <VisitLog date={date} /> },
            { key: "calls", label: t("reception.tab.calls"), children: <CallLog date={date} /> },
            { key: "month", label: t("reception.tab.month"), children: <MonthSummary /> },
          ]}
        />
      </Card>
      {/* mounted while open only: each opening starts from a fresh form */}
      {drawer === "visit" && <VisitDrawer open onClose={() => setDrawer(undefined)} board={board.data} />}
      {drawer === "call" && <CallDrawer open onClose={() => setDrawer(undefined)} board={board.data} />}
    </Flex>
  );
}
