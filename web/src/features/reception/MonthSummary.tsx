import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  InputNumber,
  Progress,
  Row,
  Skeleton,
  Statistic,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type TrafficSummary, useSetPlan, useTrafficSummary } from "../../api/traffic";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";

const VISIT_COLOUR = "#1677ff";
const CALL_COLOUR = "#13c2c2";
/** The guide value of traffic achievement (DOMAIN §9: ≥ 90 %). */
const GOOD_ACHIEVEMENT = 0.9;

/** Visits and calls of each day as stacked bars: plain boxes, a chart library would be heavy for this. */
function DayBars({ days }: { days: TrafficSummary["byDay"] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...days.map((d) => d.visits + d.calls));
  return (
    <Flex vertical gap={4}>
      <Flex gap={2} align="flex-end" style={{ height: 120 }} data-testid="traffic-by-day">
        {days.map((d) => (
          <Tooltip
            key={d.date}
            title={`${d.date} · ${t("reception.month.legendVisits")} ${d.visits} · ${t("reception.month.legendCalls")} ${d.calls}`}
          >
            <Flex vertical justify="flex-end" style={{ flex: 1, height: "100%", minWidth: 4 }}>
              <div style={{ height: `${(d.calls / max) * 100}%`, background: CALL_COLOUR }} />
              <div style={{ height: `${(d.visits / max) * 100}%`, background: VISIT_COLOUR }} />
            </Flex>
          </Tooltip>
        ))}
      </Flex>
      <Flex justify="space-between">
        <Typography.Text type="secondary">{days[0]?.date.slice(5)}</Typography.Text>
        <Flex gap={12}>
          {[
            [VISIT_COLOUR, t("reception.month.legendVisits")],
            [CALL_COLOUR, t("reception.month.legendCalls")],
          ].map(([colour, label]) => (
            <Flex key={label} gap={4} align="center">
              <span style={{ width: 10, height: 10, background: colour, display: "inline-block" }} />
              <Typography.Text type="secondary">{label}</Typography.Text>
            </Flex>
          ))}
        </Flex>
        <Typography.Text type="secondary">{days.at(-1)?.date.slice(5)}</Typography.Text>
      </Flex>
    </Flex>
  );
}

function PlanForm({ summary }: { summary: TrafficSummary }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSetPlan();
  return (
    <Form
      initialValues={{ visits: summary.plannedVisits ?? undefined, calls: summary.plannedCalls ?? undefined }}
      layout="inline"
      onFinish={(v) =>
        save.mutate(
          { month: summary.month, ...v },
          { onSuccess: () => message.success(t("reception.month.planSaved", { month: summary.month })) },
        )
      }
    >
      <Form.Item name="visits" label={t("reception.month.planVisits")} rules={[{ required: true }]}>
        <InputNumber min={0} max={100_000} precision={0} data-testid="plan-visits" />
      </Form.Item>
      <Form.Item name="calls" label={t("reception.month.planCalls")} rules={[{ required: true }]}>
        <InputNumber min={0} max={100_000} precision={0} data-testid="plan-calls" />
      </Form.Item>
      <Form.Item>
        <Button htmlType="submit" loading={save.isPending} data-testid="plan-save">
          {t("reception.month.savePlan")}
        </Button>
      </Form.Item>
      {save.isError && <ErrorAlert error={save.error} />}
    </Form>
  );
}

/** The month's traffic (本月客流 = visits + calls) against the plan, and the plan itself for managers. */
export function MonthSummary() {
  const { t } = useTranslation();
  const can = useCan();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const summary = useTrafficSummary(month.format("YYYY-MM"));
  const s = summary.data;
  const pct =
    s?.achievement === null || s?.achievement === undefined ? null : Math.round(s.achievement * 100);

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} align="center">
        {t("common.labelled", { label: t("reception.month.pick") })}
        <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} />
      </Flex>
      {summary.isError && <ErrorAlert error={summary.error} />}
      {!s ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic
                  title={t("reception.month.traffic")}
                  value={s.traffic}
                  data-testid="month-traffic"
                />
                <Typography.Text type="secondary">
                  {t("reception.month.visits", {
                    count: s.visits,
                    first: s.firstVisits,
                    again: s.returnVisits,
                  })}
                  {" · "}
                  {t("reception.month.calls", { count: s.calls })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic
                  title={t("reception.month.planned")}
                  value={s.plannedTraffic ?? t("reception.month.noPlan")}
                  data-testid="month-planned"
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Typography.Text type="secondary">{t("reception.month.achievement")}</Typography.Text>
                <Progress
                  percent={pct ?? 0}
                  format={() => (pct === null ? "—" : `${pct}%`)}
                  status={pct !== null && pct >= GOOD_ACHIEVEMENT * 100 ? "success" : "normal"}
                  data-testid="month-achievement"
                />
                <Typography.Text type="secondary">{t("reception.month.guide")}</Typography.Text>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t("reception.month.byDay")}>
            <DayBars days={s.byDay} />
          </Card>
          {can("traffic.plan") && (
            <Card size="small" title={t("reception.month.plan")}>
              {/* one form per month: switching months shows that month's plan, not what was typed */}
              <PlanForm key={s.month} summary={s} />
            </Card>
          )}
        </>
      )}
    </Flex>
  );
}
