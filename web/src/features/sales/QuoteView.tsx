// A saved quote's breakdown: the car, the price less the discount, every line, the total and the loan.
import { Descriptions, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Quote, QuoteLine } from "../../api/sales";
import { formatDate, formatInstant } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { carLine } from "./SalesBits";

/** `columns`: 2 on a full-width page, 1 in a half-width card. */
export function QuoteView({ quote, columns = 2 }: { quote: Quote; columns?: 1 | 2 }) {
  const { t } = useTranslation();
  const money = useMoney();
  const loan = quote.loan;
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={columns === 1 ? 1 : { xs: 1, md: 2 }}
        styles={{ label: { whiteSpace: "nowrap" } }}
        data-testid="quote-view"
        items={[
          { key: "car", label: t("sales.field.car"), children: carLine(quote), span: "filled" },
          {
            key: "price",
            label: t("sales.field.vehiclePrice"),
            children: <span className="nowrap">{money(quote.vehiclePriceFen)}</span>,
          },
          {
            key: "discount",
            label: t("sales.field.discount"),
            children: <span className="nowrap">−{money(quote.discountFen)}</span>,
          },
          {
            key: "lines",
            label: t("sales.field.linesTotal"),
            children: <span className="nowrap">{money(quote.linesFen)}</span>,
          },
          {
            key: "total",
            label: t("sales.field.total"),
            children: (
              <Typography.Text strong data-testid="quote-total">
                {money(quote.totalFen)}
              </Typography.Text>
            ),
          },
          ...(loan
            ? [
                {
                  key: "down",
                  label: t("sales.field.downPayment"),
                  children: <span className="nowrap">{money(loan.downPaymentFen)}</span>,
                },
                {
                  key: "financed",
                  label: t("sales.field.financed"),
                  children: <span className="nowrap">{money(loan.financedFen)}</span>,
                },
                {
                  key: "terms",
                  label: t("sales.field.months"),
                  children: `${t("sales.monthsN", { n: loan.months })} · ${loan.annualRatePct}%`,
                },
                {
                  key: "monthly",
                  label: t("sales.field.monthly"),
                  children: (
                    <Typography.Text strong data-testid="quote-monthly">
                      {money(loan.monthlyPaymentFen)}
                    </Typography.Text>
                  ),
                },
                {
                  key: "interest",
                  label: t("sales.field.interest"),
                  children: <span className="nowrap">{money(loan.totalInterestFen)}</span>,
                },
              ]
            : []),
          { key: "valid", label: t("sales.field.validUntil"), children: formatDate(quote.validUntil) },
          {
            key: "by",
            label: t("sales.field.createdBy"),
            children: `${quote.createdByName ?? "—"} · ${formatInstant(quote.createdAt)}`,
          },
          ...(quote.note
            ? [{ key: "note", label: t("sales.field.note"), children: quote.note, span: "filled" as const }]
            : []),
        ]}
      />
      {quote.lines.length > 0 && (
        <Table<QuoteLine & { key: number }>
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          dataSource={quote.lines.map((l, key) => ({ ...l, key }))}
          columns={[
            {
              title: t("sales.field.itemKind"),
              dataIndex: "kind",
              render: (k: string) => t(`sales.lineKind.${k}`),
            },
            { title: t("sales.field.itemName"), dataIndex: "name" },
            {
              title: t("sales.field.amount"),
              dataIndex: "amountFen",
              align: "right",
              render: (v: number) => money(v),
            },
          ]}
        />
      )}
    </>
  );
}
