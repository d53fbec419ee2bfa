// An A4 sheet for the quote and the contract summary: the store's letterhead, sections, signature lines. The
// toolbar is for the screen only; printing shows the sheet alone.
import { PrinterOutlined } from "@ant-design/icons";
import { Button, Flex, Result, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Quote } from "../../api/sales";
import { useSession } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { useMoney } from "../../shared/money";

const CSS = `
.print-page { background: #f0f2f5; min-height: 100vh; padding: 24px 0; }
.print-toolbar { width: 210mm; margin: 0 auto 12px; display: flex; justify-content: flex-end; gap: 8px; }
.print-sheet { position: relative; width: 210mm; min-height: 297mm; margin: 0 auto; padding: 18mm 16mm;
  background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.12); box-sizing: border-box; color: #000;
  font-size: 13px; line-height: 1.6; }
.print-sheet h1 { text-align: center; font-size: 22px; margin: 4px 0 2px; letter-spacing: 1px; }
.print-sheet .store { text-align: center; font-size: 15px; font-weight: 600; }
.print-sheet .meta { display: flex; justify-content: space-between; margin: 8px 0 14px; color: #333; }
.print-sheet h2 { font-size: 14px; margin: 16px 0 6px; padding-bottom: 3px; border-bottom: 2px solid #000; }
.print-sheet table { width: 100%; border-collapse: collapse; }
.print-sheet td, .print-sheet th { border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }
.print-sheet th { background: #f5f5f5; font-weight: 600; width: 22%; white-space: nowrap; }
.print-sheet td.money, .print-sheet th.money { text-align: right; white-space: nowrap; }
.print-sheet tr.total td, .print-sheet tr.total th { font-weight: 700; font-size: 14px; }
.print-sheet .note { margin-top: 10px; color: #333; font-size: 12px; }
.print-sheet .signs { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin-top: 40px; }
.print-sheet .sign { border-top: 1px solid #000; padding-top: 4px; min-height: 60px; }
.print-sheet .stamp { position: absolute; top: 6mm; right: 14mm; border: 3px solid #c00; color: #c00;
  padding: 4px 12px; font-size: 20px; font-weight: 700; transform: rotate(-12deg); opacity: .8; }
@media print {
  @page { size: A4; margin: 0; }
  body { background: #fff; }
  .print-page { background: #fff; padding: 0; }
  .no-print { display: none !important; }
  .print-sheet { box-shadow: none; margin: 0; }
}
`;

export function PrintSheet({
  title,
  meta,
  stamp,
  children,
  testId,
}: {
  title: string;
  meta: ReactNode;
  stamp?: string;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const me = useSession();
  return (
    <div className="print-page">
      <style>{CSS}</style>
      <div className="print-toolbar no-print">
        <Button onClick={() => window.close()} data-testid="print-close">
          {t("sales.print.close")}
        </Button>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="print-button"
        >
          {t("sales.print.print")}
        </Button>
      </div>
      <div className="print-sheet" data-testid={testId}>
        {stamp && <div className="stamp">{stamp}</div>}
        <div className="store">{me.store?.name ?? ""}</div>
        <h1>{title}</h1>
        <div className="meta">{meta}</div>
        {children}
      </div>
    </div>
  );
}

/** Loading and errors of a print page, without the app's frame. */
export function PrintState({ pending, error }: { pending: boolean; error: unknown }) {
  const errorText = useErrorText();
  if (pending) return <Spin style={{ display: "block", marginTop: 96 }} />;
  return (
    <Flex justify="center">
      <Result status="error" title={errorText(error)} />
    </Flex>
  );
}

/** The quote's vehicle price, discount and lines as rows of a money table (label, item, amount). */
export function QuoteMoneyRows({
  quote,
}: {
  quote: Pick<Quote, "vehiclePriceFen" | "discountFen" | "lines">;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <>
      <tr>
        <th>{t("sales.field.vehiclePrice")}</th>
        <td />
        <td className="money">{money(quote.vehiclePriceFen)}</td>
      </tr>
      <tr>
        <th>{t("sales.field.discount")}</th>
        <td />
        <td className="money">−{money(quote.discountFen)}</td>
      </tr>
      {quote.lines.map((l, i) => (
        // lines have no id of their own: their position is their identity within an immutable quote
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <tr key={i}>
          <th>{t(`sales.lineKind.${l.kind}`)}</th>
          <td>{l.name}</td>
          <td className="money">{money(l.amountFen)}</td>
        </tr>
      ))}
    </>
  );
}

export function Signatures() {
  const { t } = useTranslation();
  return (
    <div className="signs">
      {[t("sales.print.customerSign"), t("sales.print.consultantSign"), t("sales.print.storeSign")].map(
        (label) => (
          <div key={label} className="sign">
            {label}
            <br />
            {t("common.labelled", { label: t("sales.print.signDate") })}
          </div>
        ),
      )}
    </div>
  );
}
