import { InfoCircleOutlined } from "@ant-design/icons";
import { Card, Flex, Statistic, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { type CallbackRate, useCareTaskStats } from "../../api/care";
import { ErrorAlert } from "../../shared/ErrorAlert";

const RATES = ["day3", "day7", "day30"] as const;

/** The month's callback KPIs: the 3-day effective callback rate first, it is the one the store is judged by. */
export function CareKpiStrip() {
  const { t } = useTranslation();
  const from = dayjs().startOf("month").format("YYYY-MM-DD");
  const to = dayjs().endOf("month").format("YYYY-MM-DD");
  const stats = useCareTaskStats(from, to);

  if (stats.isError) return <ErrorAlert error={stats.error} />;
  const data = stats.data;
  // antd's Statistic cuts digits beyond `precision` instead of rounding (6 of 13 would read 46.1 %), so
  // the values are rounded here first
  const rounded = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const rate = (r: CallbackRate | undefined) => (r?.rate == null ? null : rounded(r.rate * 100, 1));

  return (
    <Flex vertical gap={8}>
      <Flex align="center" gap={8}>
        <Typography.Text strong>{t("care.kpi.title", { from, to })}</Typography.Text>
        <Tooltip title={t("care.kpi.explain")}>
          <InfoCircleOutlined style={{ color: "rgba(0,0,0,0.45)" }} />
        </Tooltip>
      </Flex>
      <Flex gap={16} wrap>
        {RATES.map((key) => {
          const r = data?.postSale[key];
          const value = rate(r);
          // below 90 % the 3-day rate needs attention (the usual manufacturer target)
          const low = key === "day3" && value !== null && value < 90;
          return (
            <Card key={key} size="small" style={{ flex: "1 1 180px" }} data-testid={`care-kpi-${key}`}>
              <Statistic
                loading={stats.isPending}
                title={t(`care.kpi.${key}`)}
                value={value ?? "—"}
                precision={value === null ? undefined : 1}
                suffix={value === null ? undefined : "%"}
                styles={{ content: low ? { color: "#cf1322" } : undefined }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r && r.due > 0
                  ? t("care.kpi.inTime", { inTime: r.reachedInTime, due: r.due })
                  : t("care.kpi.noneDue")}
              </Typography.Text>
            </Card>
          );
        })}
        <Card size="small" style={{ flex: "1 1 180px" }} data-testid="care-kpi-satisfaction">
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
        <Card size="small" style={{ flex: "1 1 180px" }} data-testid="care-kpi-flagged">
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
