import { Card, Flex, Statistic, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { AGE_BUCKETS, type AgeBucket, type StockSummary } from "../../api/stock";
import { formatMoney } from "../../shared/format";
import { BUCKET_COLOURS } from "./StockTags";

// antd's preset colours as plain values, for the bars of the bucket card
const BAR_COLOURS: Record<string, string> = {
  green: "#52c41a",
  blue: "#1677ff",
  orange: "#fa8c16",
  red: "#f5222d",
};

/**
 * 在库台数, 库存金额 (managers only) and the age buckets as proportional bars; a bucket is a filter: clicking
 * it shows its cars.
 */
export function StockSummaryCards({
  summary,
  activeBucket,
  onBucket,
}: {
  summary: StockSummary | undefined;
  activeBucket: AgeBucket | undefined;
  onBucket: (bucket: AgeBucket | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...AGE_BUCKETS.map((b) => summary?.buckets[b] ?? 0));
  return (
    <Flex gap={12} wrap>
      <Card size="small" style={{ minWidth: 160 }}>
        <Tooltip title={t("stock.summary.countHint")}>
          <Statistic
            title={t("stock.summary.count")}
            value={summary?.count ?? "—"}
            suffix={summary ? t("stock.summary.units") : undefined}
            data-testid="stock-summary-count"
          />
        </Tooltip>
      </Card>
      {summary?.valueFen !== null && summary?.valueFen !== undefined && (
        <Card size="small" style={{ minWidth: 200 }}>
          <Tooltip title={t("stock.summary.valueHint")}>
            <Statistic
              title={t("stock.summary.value")}
              value={formatMoney(summary.valueFen, i18n.language)}
              data-testid="stock-summary-value"
            />
          </Tooltip>
        </Card>
      )}
      <Card size="small" style={{ flex: 1, minWidth: 360 }}>
        <Typography.Text type="secondary">{t("stock.summary.buckets")}</Typography.Text>
        <Flex gap={8} style={{ marginTop: 8 }} data-testid="stock-summary-buckets">
          {AGE_BUCKETS.map((bucket) => {
            const n = summary?.buckets[bucket] ?? 0;
            const colour = BAR_COLOURS[BUCKET_COLOURS[bucket]];
            const active = activeBucket === bucket;
            return (
              <Flex
                key={bucket}
                vertical
                gap={4}
                role="button"
                tabIndex={0}
                onClick={() => onBucket(active ? undefined : bucket)}
                onKeyDown={(e) => e.key === "Enter" && onBucket(active ? undefined : bucket)}
                style={{
                  flex: 1,
                  cursor: "pointer",
                  padding: "4px 6px",
                  borderRadius: 6,
                  outline: active ? `2px solid ${colour}` : undefined,
                }}
                data-testid={`stock-bucket-${bucket}`}
              >
                <Flex justify="space-between" align="baseline">
                  <Typography.Text style={{ fontSize: 12 }}>{t(`stock.bucket.${bucket}`)}</Typography.Text>
                  <Typography.Text strong style={{ color: colour }}>
                    {n}
                  </Typography.Text>
                </Flex>
                <div style={{ height: 6, borderRadius: 3, background: "#f0f0f0" }}>
                  <div
                    style={{
                      width: `${(n / max) * 100}%`,
                      height: "100%",
                      borderRadius: 3,
                      background: colour,
                    }}
                  />
                </div>
              </Flex>
            );
          })}
        </Flex>
      </Card>
    </Flex>
  );
}
