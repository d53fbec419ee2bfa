// The printable contract summary (合同摘要) of an order: parties, the car, price, deposit and balance, the quoted
// items, delivery, signature lines. A cancelled or delivered order carries a stamp saying so.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useOrder } from "../../api/sales";
import { formatDate, formatInstant } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { PrintSheet, PrintState, QuoteMoneyRows, Signatures } from "./PrintSheet";
import { carLine } from "./SalesBits";

export default function ContractPrintPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const money = useMoney();
  const detail = useOrder(id);
  if (!detail.data) return <PrintState pending={detail.isPending} error={detail.error} />;
  const { order: o, quote } = detail.data;
  const stamp =
    o.state === "cancelled"
      ? t("sales.print.cancelledStamp")
      : o.state === "delivered"
        ? t("sales.print.deliveredStamp")
        : undefined;
  return (
    <PrintSheet
      title={t("sales.print.contractTitle")}
      testId="contract-print-sheet"
      stamp={stamp}
      meta={
        <>
          <span>
            {t("common.labelled", { label: t("sales.field.orderNo") })}
            {o.orderNo}
          </span>
          <span>{t("sales.print.date", { date: formatDate(o.orderedAt) })}</span>
        </>
      }
    >
      <h2>{t("sales.print.customer")}</h2>
      <table>
        <tbody>
          <tr>
            <th>{t("sales.field.customer")}</th>
            <td>{o.customerName}</td>
            <th>{t("sales.field.phone")}</th>
            <td>{o.phone}</td>
          </tr>
          <tr>
            <th>{t("sales.field.consultant")}</th>
            <td>{o.consultantName ?? "—"}</td>
            <th>{t("sales.field.referrer")}</th>
            <td>{o.referrerName ?? "—"}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t("sales.print.car")}</h2>
      <table>
        <tbody>
          <tr>
            <th>{t("sales.field.car")}</th>
            <td>{carLine(o)}</td>
            <th>{t("sales.field.kind")}</th>
            <td>{t(o.factoryOrder ? "sales.carKind.factory" : "sales.carKind.stock")}</td>
          </tr>
          <tr>
            <th>{t("sales.field.vin")}</th>
            <td>{o.vin ?? "—"}</td>
            <th>{t("sales.field.optionPackage")}</th>
            <td>{o.optionPackage ?? "—"}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t("sales.print.money")}</h2>
      <table>
        <tbody>
          {quote && <QuoteMoneyRows quote={quote} />}
          <tr className="total">
            <th>{t("sales.field.price")}</th>
            <td />
            <td className="money" data-testid="print-price">
              {money(o.priceFen)}
            </td>
          </tr>
          <tr>
            <th>{t("sales.field.deposit")}</th>
            <td>{t(`sales.depositMethod.${o.depositMethod}`)}</td>
            <td className="money">{money(o.depositFen)}</td>
          </tr>
          <tr>
            <th>{t("sales.field.balance")}</th>
            <td />
            <td className="money">{money(o.priceFen - o.depositFen)}</td>
          </tr>
          {o.state === "cancelled" && (
            <tr>
              <th>{t("sales.field.refund")}</th>
              <td>{`${formatInstant(o.cancelledAt)} · ${o.cancelReason ?? ""}`}</td>
              <td className="money">{money(o.refundFen)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {quote?.loan && (
        <div className="note">
          {`${t("sales.field.downPayment")} ${money(quote.loan.downPaymentFen)} · ${t("sales.monthsN", {
            n: quote.loan.months,
          })} · ${quote.loan.annualRatePct}% · ${t("sales.field.monthly")} ${money(quote.loan.monthlyPaymentFen)}`}
        </div>
      )}
      {o.state === "delivered" && (
        <div className="note">
          {t("common.labelled", { label: t("sales.field.deliveredAt") })}
          {formatInstant(o.deliveredAt)}
          {o.plate && ` · ${t("common.labelled", { label: t("sales.field.plate") })}${o.plate}`}
        </div>
      )}
      <div className="note">{t("sales.print.contractNote")}</div>
      <Signatures />
    </PrintSheet>
  );
}
