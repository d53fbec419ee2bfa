import { InfoCircleOutlined } from "@ant-design/icons";
import { Card, Flex, Statistic, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { type CallbackRate, useCareTaskStats } from "../../api/care";
import { ErrorAlert } from "../../shared/ErrorAlert";

const RATES = ["day3", "day7", "day30"] as const;

// antd's Statistic cuts digits beyond `precision` instead of rounding (6 of 13 would read 46.1 %), so the
// values are rounded here first
const rounded = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function RateCard(props: {
  testId: string;
  title: string;
  loading: boolean;
  /** percent, rounded; null when nothing counted */
  value: number | null;
  low: (value: number) => boolean;
  hint: string;
}) {
  const { value } = props;
  return (
    <Card size="small" style={CARD} data-testid={props.testId}>
      <Statistic
        loading={props.loading}
        title={props.title}
        value={value ?? "—"}
        precision={value === null ? undefined : 1}
        suffix={value === null ? undefined : "%"}
        styles={{ content: value !== null && props.low(value) ? { color: "#cf1322" } : undefined }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {props.hint}
      </Typography.Text>
    </Card>
  );
}
// seven cards share a row on a laptop screen and wrap evenly on a narrower one
const CARD = { flex: "1 1 128px" } as const;

/**
 * The month's customer service KPIs: the 3-day post-sale and post-service callback rates first, the ones the
 * store is judged by, then the CSI, the average score and the dissatisfied customers.
 */
export function CareKpiStrip() {
  const { t } = useTranslation();
  const from = dayjs().startOf("month").format("YYYY-MM-DD");
  const to = dayjs().endOf("month").format("YYYY-MM-DD");
  const stats = useCareTaskStats(from, to);

  if (stats.isError) return <ErrorAlert error={stats.error} />;
  const data = stats.data;
  const rate = (r: CallbackRate | undefined) => (r?.rate == null ? null : rounded(r.rate * 100, 1));

  return (
    <Flex vertical gap={8}>
      <Flex align="center" gap={8}>
        <Typography.Text strong>{t("care.kpi.title", { from, to })}</Typography.Text>
        <Tooltip title={t("care.kpi.explain")}>
          <InfoCircleOutlined style={{ color: "rgba(0,0,0,0.45)" }} />
        </Tooltip>
      </Flex>
      <Flex gap={12} wrap>
        {RATES.map((key) => {
          const r = data?.postSale[key];
          return (
            <RateCard
              key={key}
              testId={`care-kpi-${key}`}
              title={t(`care.kpi.${key}`)}
              loading={stats.isPending}
              value={rate(r)}
              // below 90 % the 3-day rate needs attention (the usual manufacturer target)
              low={(v) => key === "day3" && v < 90}
              hint={
                r && r.due > 0
                  ? t("care.kpi.inTime", { inTime: r.reachedInTime, due: r.due })
                  : t("care.kpi.noneDue")
              }
            />
          );
        })}
        <RateCard
          testId="care-kpi-service-day3"
          title={t("care.kpi.serviceDay3")}
          loading={stats.isPending}
          value={rate(data?.postService.day3)}
          // the manufacturer's usual target for callbacks, as for the post-sale rate
          low={(v) => v < 90}
          hint={
            data && data.postService.day3.due > 0
              ? t("care.kpi.inTime", {
                  inTime: data.postService.day3.reachedInTime,
                  due: data.postService.day3.due,
                })
              : t("care.kpi.noneDue")
          }
        />
        <RateCard
          testId="care-kpi-csi"
          title={t("care.kpi.csi")}
          loading={stats.isPending}
          value={data?.postService.csi.rate == null ? null : rounded(data.postService.csi.rate * 100, 1)}
          // DOMAIN §9: the CSI guide is 93 %
          low={(v) => v < 93}
          hint={
            data && data.postService.csi.effective > 0
              ? t("care.kpi.csiHint", data.postService.csi)
              : t("care.kpi.noneDue")
          }
        />
        <Card size="small" style={CARD} data-testid="care-kpi-satisfaction">
          <Statistic
            loading={stats.isPending}
            title={t("care.kpi.satisfaction")}
            value={data?.averageSatisfaction == null ? "—" : rounded(data.averageSatisfaction, 2)}
            precision={data?.averageSatisfaction == null ? undefined : 2}
            suffix={data?.averageSatisfaction == null ? undefined : "/ 5"}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            &nbsp;
          </Typography.Text>
        </Card>
        <Card size="small" style={CARD} data-testid="care-kpi-flagged">
          <Statistic
            loading={stats.isPending}
            title={t("care.kpi.flagged")}
            value={data?.flagged ?? 0}
            styles={{ content: data && data.flagged > 0 ? { color: "#cf1322" } : undefined }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("care.kpi.flaggedHint")}
          </Typography.Text>
        </Card>
      </Flex>
    </Flex>
  );
}
