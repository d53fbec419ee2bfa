// The printable settlement (维修结算单) of a repair order: the store, customer and vehicle, the labour and parts
// lines, the totals by payer, signature lines. An order not settled yet carries a stamp saying so.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useRepairOrder } from "../../api/service";
import { formatDate, formatInstant } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { PrintSheet, PrintState } from "../sales/PrintSheet";

export default function SettlementPrintPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const money = useMoney();
  const query = useRepairOrder(id);
  if (!query.data) return <PrintState pending={query.isPending} error={query.error} />;
  const ro = query.data;
  const payer = (p: string) => t(`service.ro.payer.${p}`);
  return (
    <PrintSheet
      title={t("service.ro.settlement.title")}
      testId="settlement-print-sheet"
      stamp={ro.settledAt === null ? t("service.ro.settlement.notSettled") : undefined}
      meta={
        <>
          <span>
            {t("common.labelled", { label: t("service.ro.field.roNo") })}
            {ro.roNo}
          </span>
          <span>
            {t("common.labelled", { label: t("service.ro.settlement.date") })}
            {formatDate(ro.settledAt ?? ro.openedAt)}
          </span>
        </>
      }
    >
      <h2>{t("service.ro.settlement.customer")}</h2>
      <table>
        <tbody>
          <tr>
            <th>{t("service.ro.field.customer")}</th>
            <td>{ro.customerName}</td>
            <th>{t("service.ro.field.phone")}</th>
            <td>{ro.phone ?? "—"}</td>
          </tr>
          <tr>
            <th>{t("service.ro.field.plate")}</th>
            <td>{ro.plate ?? "—"}</td>
            <th>{t("service.ro.field.model")}</th>
            <td>{ro.model}</td>
          </tr>
          <tr>
            <th>{t("service.ro.field.vin")}</th>
            <td>{ro.vin}</td>
            <th>{t("service.ro.field.mileageIn")}</th>
            <td>{ro.mileageIn.toLocaleString()}</td>
          </tr>
          <tr>
            <th>{t("service.ro.field.workType")}</th>
            <td>{t(`service.workType.${ro.workType}`)}</td>
            <th>{t("service.ro.field.openedAt")}</th>
            <td>{formatInstant(ro.openedAt)}</td>
          </tr>
          <tr>
            <th>{t("service.ro.field.advisor")}</th>
            <td>{ro.advisorName}</td>
            <th>{t("service.ro.field.technician")}</th>
            <td>{ro.technician ?? "—"}</td>
          </tr>
          <tr>
            <th>{t("service.ro.field.complaint")}</th>
            <td colSpan={3}>{ro.complaint}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t("service.ro.settlement.lines")}</h2>
      <table>
        <thead>
          <tr>
            <th>{t("service.ro.settlement.kind")}</th>
            <th>{t("service.ro.settlement.item")}</th>
            <th className="money">{t("service.ro.settlement.qty")}</th>
            <th className="money">{t("service.ro.settlement.price")}</th>
            <th className="money">{t("service.ro.field.amount")}</th>
            <th>{t("service.ro.field.payer")}</th>
          </tr>
        </thead>
        <tbody>
          {ro.labour.map((l) => (
            <tr key={`l${l.id}`}>
              <td>{t("service.ro.labour")}</td>
              <td>{l.description}</td>
              <td className="money">{l.hours}</td>
              <td className="money">{money(l.rateFen)}</td>
              <td className="money">{money(l.amountFen)}</td>
              <td>{payer(l.payer)}</td>
            </tr>
          ))}
          {ro.parts.map((p) => (
            <tr key={`p${p.id}`}>
              <td>{t("service.ro.parts")}</td>
              <td>{`${p.partNo} ${p.name}`}</td>
              <td className="money">{p.quantity}</td>
              <td className="money">{money(p.unitPriceFen)}</td>
              <td className="money">{money(p.amountFen)}</td>
              <td>{payer(p.payer)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("service.ro.settlement.totals")}</h2>
      <table>
        <tbody>
          <tr>
            <th>{t("service.ro.field.labourFen")}</th>
            <td className="money">{money(ro.totals.labourFen)}</td>
            <th>{t("service.ro.field.partsFen")}</th>
            <td className="money">{money(ro.totals.partsFen)}</td>
          </tr>
          <tr className="total">
            <th>{t("service.ro.field.totalFen")}</th>
            <td className="money" colSpan={3} data-testid="print-total">
              {money(ro.totals.totalFen)}
            </td>
          </tr>
          <tr>
            <th>{payer("customer")}</th>
            <td className="money" data-testid="print-customer">
              {money(ro.totals.byPayer.customer)}
            </td>
            <th>{`${payer("insurer")} / ${payer("warranty")}`}</th>
            <td className="money">
              {`${money(ro.totals.byPayer.insurer)} / ${money(ro.totals.byPayer.warranty)}`}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="note">{t("service.ro.settlement.note")}</div>
      <div className="signs">
        {[
          t("service.ro.settlement.customerSign"),
          t("service.ro.settlement.advisorSign"),
          t("service.ro.settlement.storeSign"),
        ].map((label) => (
          <div key={label} className="sign">
            {label}
            <br />
            {t("common.labelled", { label: t("service.ro.settlement.date") })}
          </div>
        ))}
      </div>
    </PrintSheet>
  );
}
