// The printable quote (报价单): customer, car, every amount to the fen, the loan, validity, signature lines.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useLead } from "../../api/leads";
import { useQuote } from "../../api/sales";
import { formatDate } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { PrintSheet, PrintState, QuoteMoneyRows, Signatures } from "./PrintSheet";
import { carLine } from "./SalesBits";

export default function QuotePrintPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const money = useMoney();
  const quote = useQuote(id);
  const lead = useLead(quote.data ? String(quote.data.leadId) : undefined);
  if (!quote.data) return <PrintState pending={quote.isPending} error={quote.error} />;
  const q = quote.data;
  const customer = lead.data?.lead;
  return (
    <PrintSheet
      title={t("sales.print.quoteTitle")}
      testId="quote-print-sheet"
      meta={
        <>
          <span>{t("sales.print.quoteNo", { no: `Q${String(q.id).padStart(6, "0")}` })}</span>
          <span>{t("sales.print.date", { date: formatDate(q.createdAt) })}</span>
        </>
      }
    >
      <h2>{t("sales.print.customer")}</h2>
      <table>
        <tbody>
          <tr>
            <th>{t("sales.field.customer")}</th>
            <td>{customer?.name ?? "—"}</td>
            <th>{t("sales.field.phone")}</th>
            <td>{customer?.phone ?? "—"}</td>
          </tr>
          <tr>
            <th>{t("sales.field.createdBy")}</th>
            <td>{q.createdByName ?? "—"}</td>
            <th>{t("sales.field.validUntil")}</th>
            <td>{formatDate(q.validUntil)}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t("sales.print.car")}</h2>
      <table>
        <tbody>
          <tr>
            <th>{t("sales.field.car")}</th>
            <td>{carLine(q)}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t("sales.print.money")}</h2>
      <table>
        <tbody>
          <QuoteMoneyRows quote={q} />
          <tr className="total">
            <th>{t("sales.field.total")}</th>
            <td />
            <td className="money" data-testid="print-total">
              {money(q.totalFen)}
            </td>
          </tr>
        </tbody>
      </table>

      {q.loan && (
        <>
          <h2>{t("sales.print.loan")}</h2>
          <table>
            <tbody>
              <tr>
                <th>{t("sales.field.downPayment")}</th>
                <td className="money">{money(q.loan.downPaymentFen)}</td>
                <th>{t("sales.field.financed")}</th>
                <td className="money">{money(q.loan.financedFen)}</td>
              </tr>
              <tr>
                <th>{t("sales.field.months")}</th>
                <td className="money">{t("sales.monthsN", { n: q.loan.months })}</td>
                <th>{t("sales.field.rate")}</th>
                <td className="money">{q.loan.annualRatePct}</td>
              </tr>
              <tr className="total">
                <th>{t("sales.field.monthly")}</th>
                <td className="money" data-testid="print-monthly">
                  {money(q.loan.monthlyPaymentFen)}
                </td>
                <th>{t("sales.field.interest")}</th>
                <td className="money">{money(q.loan.totalInterestFen)}</td>
              </tr>
            </tbody>
          </table>
          <div className="note">{t("sales.print.loanNote")}</div>
        </>
      )}
      {q.note && <div className="note">{q.note}</div>}
      <div className="note">{t("sales.print.validNote", { date: formatDate(q.validUntil) })}</div>
      <Signatures />
    </PrintSheet>
  );
}
